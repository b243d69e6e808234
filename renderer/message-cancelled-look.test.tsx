// @vitest-environment happy-dom
/**
 * A message the agent withdrew ("Cancelar envio") never reached the contact: its line is marked
 * apart (class `cancelled`: grey and dashed in styles.css), not the green of one that went.
 */
import { act } from 'react';
import { expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { MessageList } from './screens/MessageList';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();
const AT = new Date().toISOString();

function message(localId: string, patch: Partial<MessageView>): MessageView {
  return {
    localId, id: `m-${localId}`, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'SENT', outboxState: 'sent',
    text: `Mensagem ${localId}`, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false, retryingAfter: null,
    retryingAfterEn: null, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, createdAt: AT, shownAt: AT, ...patch,
  };
}

const rowOf = (text: string) => [...view.host.querySelectorAll('li')].find((li) => li.textContent?.includes(text));

it('a withdrawn message reads apart from one that went, and from one still waiting', async () => {
  const messages = [
    message('sent', { text: 'Segue o boleto de março.' }),
    message('cancelled', { status: 'DELETED' as MessageView['status'], outboxState: 'cancelled', text: 'Mensagem para cancelar' }),
    message('held', { status: 'WAIT_REPLY', outboxState: 'waiting_reply', text: 'Qualquer dúvida, estou aqui.', cancellable: true }),
  ];
  await act(async () => view.root.render(<MessageList messages={messages} />));

  expect(rowOf('Mensagem para cancelar')?.className.split(' ')).toEqual(['out', 'cancelled']);
  expect(rowOf('Mensagem para cancelar')?.querySelector('[data-testid="message-state"]')?.textContent).toBe('Cancelada');
  expect(rowOf('Segue o boleto de março.')?.className).toBe('out');
  expect(rowOf('Qualquer dúvida, estou aqui.')?.className).toBe('out');
});

// @vitest-environment happy-dom
/**
 * The time on a message's line is when it went out or arrived — the moment the conversation is
 * ordered by — so a text the contact's reply released reads after that reply, not at the time it
 * was written above it; a text still held reads when it was written.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView } from '../src/console/results';
import { MessageList } from './screens/MessageList';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

/** Today at hh:mm on this machine's clock, as the core's ISO strings carry it: the line reads "hh:mm". */
function today(hours: number, minutes: number): string {
  const at = new Date();
  at.setHours(hours, minutes, 0, 0);
  return at.toISOString();
}

function message(localId: string, patch: Partial<MessageView> & Pick<MessageView, 'createdAt' | 'shownAt'>): MessageView {
  return {
    localId, id: `m-${localId}`, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'SENT', outboxState: null,
    text: `Mensagem ${localId}`, templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    editable: false, textEditable: false, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: false, retryingAfter: null,
    retryingAfterEn: null, pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, ...patch,
  };
}

function lineOf(text: string): { time: string | null; state: string | null } {
  const row = [...view.host.querySelectorAll('li')].find((li) => li.textContent?.includes(text));
  if (!row) throw new Error(`no row for ${text}`);
  return { time: row.querySelector('time')?.textContent ?? null, state: row.querySelector('[data-testid="message-state"]')?.textContent ?? null };
}

describe('the time on a message line', () => {
  it('shows when a released text went out (after the reply that released it), and when a held one was written', async () => {
    const messages = [
      message('reply', { direction: 'TO_HUB', status: 'RECEIVED' as MessageView['status'], text: 'Pode mandar', createdAt: today(10, 15), shownAt: today(10, 15) }),
      // Written at 09:40, held by HelenaCRM for the reply, released by it at 10:16.
      message('released', { text: 'Segue o boleto', createdAt: today(9, 40), shownAt: today(10, 16) }),
      // Still held: it has not gone, so it reads when it was written, beside "Aguardando resposta".
      message('held', { status: 'WAIT_REPLY', outboxState: 'waiting_reply', text: 'Mais uma coisa', createdAt: today(9, 50), shownAt: today(9, 50) }),
    ];
    await act(async () => view.root.render(<MessageList messages={messages} />));

    expect(lineOf('Pode mandar').time).toBe('10:15');
    expect(lineOf('Segue o boleto')).toEqual({ time: '10:16', state: 'Enviada' });
    expect(lineOf('Mais uma coisa')).toEqual({ time: '09:50', state: 'Aguardando resposta do contato' });
    expect(view.host.querySelectorAll('time')[1]?.getAttribute('dateTime')).toBe(today(10, 16));
  });
});

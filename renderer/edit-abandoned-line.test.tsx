// @vitest-environment happy-dom
/**
 * A held text whose edit was given up (HelenaCRM kept answering the withdrawal of the original
 * with a server error: held-edit.ts HELD_EDIT_GIVE_UP_AFTER). The line no longer says the edit
 * "termina sozinha": it shows the original — still queued, the one the contact gets on the reply —
 * says the edit was not made and what to do, in the agent's language, and keeps what they typed;
 * "Editar" starts from that text.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { setLanguage } from './i18n';
import { MessageList } from './screens/MessageList';
import { HELD_FOR_REPLY, buttonNamed, conversationOnScreen, messageLine, openedConversation } from './testing/conversation';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function givenUp(patch: Partial<MessageView> = {}): MessageView {
  return messageLine({ ...HELD_FOR_REPLY, text: ORIGINAL, abandonedEditText: EDITED, abandonedEditReason: 'given_up', ...patch });
}

/** The contact's reply released the original before a try in the background could withdraw it: a sent line. */
function tooLate(): MessageView {
  return messageLine({ outboxState: 'sent', status: 'SENT', text: ORIGINAL, abandonedEditText: EDITED, abandonedEditReason: 'too_late' });
}

const view = mountPerTest();
const text = (testId: string) => view.host.querySelector(`[data-testid="${testId}"]`)?.textContent ?? null;

describe('a held text whose edit was given up', () => {
  it('shows the original, says the edit was not made and what to do, and the text typed; not "pendente"', async () => {
    await act(async () => setLanguage('pt-BR'));
    await act(async () => view.root.render(<MessageList messages={[givenUp()]} onEdit={() => undefined} onCancel={() => undefined} />));

    const li = view.host.querySelector('li');
    expect(li?.querySelector('p')?.textContent).toBe(ORIGINAL);
    expect(text('edit-abandoned')).toBe(
      'Edição não feita: o HelenaCRM falhou várias vezes ao retirar a mensagem original. A original continua na fila e sai quando o contato responder. Para trocar o texto, use Editar de novo; para não enviar nada, Cancelar envio.',
    );
    expect(text('edit-abandoned-text')).toBe(`Texto da edição (não enviado): ${EDITED}`);
    expect(view.host.querySelector('[data-testid^="pending-edit"]')).toBeNull();
    expect(text('message-state')).toBe('Aguardando resposta do contato');
    // The two ways out it names are there.
    expect([...view.host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Cancelar envio', 'Editar']);

    await act(async () => setLanguage('en'));
    expect(text('edit-abandoned')).toBe(
      'Edit not made: HelenaCRM failed several times to withdraw the original message. The original stays queued and goes out when the contact replies. To change the text, use Edit again; to send nothing, Cancel sending.',
    );
    expect(text('edit-abandoned-text')).toBe(`Text of the edit (not sent): ${EDITED}`);
    await act(async () => setLanguage('pt-BR'));
  });

  it('a new edit pending takes its place: only "Edição pendente" shows', async () => {
    await act(async () => view.root.render(<MessageList messages={[givenUp({ pendingEditText: 'Outro texto.' })]} onEdit={() => undefined} onCancel={() => undefined} />));
    expect(view.host.querySelector('[data-testid^="edit-abandoned"]')).toBeNull();
    expect(text('pending-edit-text')).toBe('Outro texto.');
  });

  it('"Editar" starts from the text the agent typed, not the original', async () => {
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [givenUp()], { contactName: 'Sebastião Magalhães', phone: '+14155550100' }) });
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    await act(async () => buttonNamed(view, 'Editar')?.click());
    expect(box.value).toBe(EDITED);
  });
});

describe('a held text whose edit a try in the background found too late (the reply released the original first)', () => {
  it('the sent line says the edit was not made and why, and shows the text typed; its one button only fills the box', async () => {
    await act(async () => setLanguage('pt-BR'));
    await act(async () => view.root.render(<MessageList messages={[tooLate()]} onEdit={() => undefined} onCancel={() => undefined} />));

    expect(view.host.querySelector('li')?.querySelector('p')?.textContent).toBe(ORIGINAL);
    expect(text('edit-abandoned')).toBe(
      'Edição não feita: o contato respondeu antes e a mensagem original já saiu. O texto que você escreveu está abaixo. Para enviá-lo ainda, use “Usar este texto numa nova mensagem”; ele vai para a caixa de mensagem e só sai com o seu Enter.',
    );
    expect(text('edit-abandoned-text')).toBe(`Texto da edição (não enviado): ${EDITED}`);
    expect(text('message-state')).toBe('Enviada');
    // Without the list's handler (a past conversation) there is no box to fill: no button.
    expect(view.host.querySelectorAll('button')).toHaveLength(0);
    await act(async () => view.root.render(<MessageList messages={[tooLate()]} onEdit={() => undefined} onCancel={() => undefined} onUseText={() => undefined} />));
    expect([...view.host.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Usar este texto numa nova mensagem']);

    await act(async () => setLanguage('en'));
    expect(text('edit-abandoned')).toBe(
      'Edit not made: the contact replied first and the original message has already gone out. The text you wrote is below. To send it still, use “Use this text in a new message”; it goes into the message box and only goes out with your Enter.',
    );
    expect(text('edit-abandoned-text')).toBe(`Text of the edit (not sent): ${EDITED}`);
    await act(async () => setLanguage('pt-BR'));
  });

  it('"Usar este texto numa nova mensagem" puts it in the message box after the draft, and sends nothing', async () => {
    const invoke = vi.fn((command: string) => {
      if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [tooLate()], { contactName: 'Sebastião Magalhães', phone: '+14155550100' }) });
      return Promise.resolve({ ok: true, value: {} });
    });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    await act(async () => buttonNamed(view, 'Usar este texto numa nova mensagem')?.click());
    expect(box.value).toBe(EDITED);
    expect(document.activeElement).toBe(box);
    // Pressed again with something in the box: the text goes after it, nothing typed is lost.
    await act(async () => buttonNamed(view, 'Usar este texto numa nova mensagem')?.click());
    expect(box.value).toBe(`${EDITED}\n${EDITED}`);
    expect(invoke.mock.calls.map(([command]) => command).filter((command) => command.startsWith('message.send'))).toEqual([]);
  });
});

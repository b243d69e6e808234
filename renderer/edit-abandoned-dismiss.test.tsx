// @vitest-environment happy-dom
/**
 * The line of an edit not made goes once the agent dealt with it: "Dispensar" asks the core to put
 * it away (message.dismissEditNote) and the line is gone on the next read; "Usar este texto numa
 * nova mensagem" puts the text in the box, keeps it as the draft, and only then puts the line away
 * (the text is in the box: both would be noise). When the core cannot, the line stays and says so.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { setLanguage } from './i18n';
import { HELD_FOR_REPLY, buttonNamed, conversationOnScreen, messageLine, openedConversation } from './testing/conversation';
import { pause } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c02';
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

const givenUp = (kept: boolean): MessageView =>
  messageLine({ ...HELD_FOR_REPLY, text: ORIGINAL, abandonedEditText: kept ? EDITED : null, abandonedEditReason: kept ? 'given_up' : null });
const tooLate = (kept: boolean): MessageView =>
  messageLine({ outboxState: 'sent', status: 'SENT', text: ORIGINAL, abandonedEditText: kept ? EDITED : null, abandonedEditReason: kept ? 'too_late' : null });

/** A core holding one line whose kept text goes when message.dismissEditNote is answered `dismiss`. */
function coreWith(line: (kept: boolean) => MessageView, dismiss: { ok: true; value: { ok: true } } | { ok: false; error: { code: string; message: string } }) {
  let kept = true;
  const invoke = vi.fn((command: string, _input: never) => {
    if (command === 'conversation.open') return Promise.resolve({ ok: true, value: openedConversation(SESSION, [line(kept)], { contactName: 'Sebastião Magalhães', phone: '+14155550100' }) });
    if (command === 'message.dismissEditNote') {
      if (dismiss.ok) kept = false;
      return Promise.resolve(dismiss);
    }
    return Promise.resolve({ ok: true, value: {} });
  });
  return invoke;
}

const view = mountPerTest();
const abandonedLine = () => view.host.querySelector('[data-testid="edit-abandoned"]');
/** What the screen asked of the core about the draft and the messages, in order (not its reads). */
const calls = (invoke: ReturnType<typeof coreWith>) => invoke.mock.calls.map(([command]) => command).filter((c) => c === 'draft.save' || c.startsWith('message.'));

describe('putting away the line of an edit not made', () => {
  it('"Dispensar", reached by Tab, says what it dismisses and removes the line through the core', async () => {
    await act(async () => setLanguage('pt-BR'));
    const invoke = coreWith(givenUp, { ok: true, value: { ok: true } });
    await conversationOnScreen(view, SESSION, invoke, 20);
    const dismiss = buttonNamed(view, 'Dispensar');
    expect(dismiss?.getAttribute('aria-label')).toBe('Dispensar o aviso de edição não feita e o texto dela');
    expect(abandonedLine()).not.toBeNull();

    await act(async () => dismiss?.focus());
    await act(async () => dismiss?.click());
    await pause(20);
    // The button that had the keyboard is gone: the keyboard is back in the message box.
    expect(document.activeElement).toBe(view.host.querySelector('textarea'));
    expect(invoke).toHaveBeenCalledWith('message.dismissEditNote', { localId: givenUp(true).localId });
    expect(abandonedLine()).toBeNull();
    expect(view.host.querySelector('[data-testid="edit-abandoned-text"]')).toBeNull();
    expect(buttonNamed(view, 'Dispensar')).toBeUndefined();
    // The message itself is still there, with its own buttons.
    expect(buttonNamed(view, 'Editar')).toBeDefined();

    await act(async () => setLanguage('en'));
    expect(buttonNamed(view, 'Dismiss')).toBeUndefined();
    await act(async () => setLanguage('pt-BR'));
  });

  it('after each button, pressed from the keyboard, the message box has the focus (never the page, the button gone)', async () => {
    const dismissed = await conversationOnScreen(view, SESSION, coreWith(givenUp, { ok: true, value: { ok: true } }), 20);
    const dismiss = buttonNamed(view, 'Dispensar');
    dismiss?.focus();
    await act(async () => dismiss?.click());
    await pause(20);
    expect(abandonedLine()).toBeNull();
    expect(document.activeElement).toBe(dismissed.box);

    const used = await conversationOnScreen(view, SESSION, coreWith(tooLate, { ok: true, value: { ok: true } }), 20);
    const useText = buttonNamed(view, 'Usar este texto numa nova mensagem');
    useText?.focus();
    await act(async () => useText?.click());
    await pause(20);
    expect(abandonedLine()).toBeNull();
    expect(document.activeElement).toBe(used.box);
  });

  it('when the core cannot, the line stays and says so, in the agent\'s language', async () => {
    const invoke = coreWith(givenUp, { ok: false, error: { code: 'internal', message: 'Erro interno.' } });
    await conversationOnScreen(view, SESSION, invoke, 20);
    await act(async () => buttonNamed(view, 'Dispensar')?.click());
    await pause(20);
    expect(abandonedLine()).not.toBeNull();
    const failed = view.host.querySelector('[data-testid="edit-abandoned-dismiss-failed"]');
    expect(failed?.textContent).toBe('Não foi possível dispensar este aviso. Tente de novo.');
    expect(failed?.getAttribute('role')).toBe('alert');
    await act(async () => setLanguage('en'));
    expect(failed?.textContent).toBe('Could not dismiss this notice. Try again.');
    expect(buttonNamed(view, 'Dismiss')?.getAttribute('aria-label')).toBe('Dismiss the notice of the edit not made and its text');
    await act(async () => setLanguage('pt-BR'));
  });

  it('"Usar este texto numa nova mensagem" puts the text in the box, saves it as the draft, then dismisses the line', async () => {
    const invoke = coreWith(tooLate, { ok: true, value: { ok: true } });
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    await act(async () => buttonNamed(view, 'Usar este texto numa nova mensagem')?.click());
    await pause(20);
    expect(box.value).toBe(EDITED);
    expect(calls(invoke)).toEqual(['draft.save', 'message.dismissEditNote']);
    expect(invoke).toHaveBeenCalledWith('draft.save', { conversationKey: SESSION, kind: 'message', text: EDITED });
    expect(abandonedLine()).toBeNull();
    expect(box.value).toBe(EDITED);
    expect(calls(invoke).filter((command) => command.startsWith('message.send'))).toEqual([]);
  });

  it('the draft not saved: the text is in the box, and the line stays (it is the one copy a restart keeps)', async () => {
    const base = coreWith(tooLate, { ok: true, value: { ok: true } });
    const invoke = vi.fn((command: string, input: never) =>
      command === 'draft.save' ? Promise.resolve({ ok: false, error: { code: 'internal', message: 'Erro interno.' } }) : base(command, input),
    );
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    await act(async () => buttonNamed(view, 'Usar este texto numa nova mensagem')?.click());
    await pause(20);
    expect(box.value).toBe(EDITED);
    expect(invoke).not.toHaveBeenCalledWith('message.dismissEditNote', expect.anything());
    expect(abandonedLine()).not.toBeNull();
  });
});

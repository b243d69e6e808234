/**
 * An edit of a text HelenaCRM holds for the reply, cut short: HelenaCRM answers the withdrawal of
 * the original (DELETE) with 503 while it is armed. The edit is refused, saying HelenaCRM failed (not
 * the connection), but stays recorded (held-edit.ts), and the conversation's view says so —
 * `pendingEditText`, the new text, beside the original `text` — so the agent sees the edit waiting
 * rather than the original alone.
 * A second "Editar" while pending is taken (the view shows the later text); once HelenaCRM answers
 * again the outbox finishes the edit by itself and the line is the new text, nothing pending.
 * Real sandbox; the contact (Sebastião) never replies on his own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api } from '../../sandbox/testing';
import { refusalOf } from './testing/refusal';
import { startConsoleRig, until, type ConsoleRig } from './testing/console-rig';
import { heldTextOnline } from './testing/held-text';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';
const SECOND = 'Segue o boleto de abril (corrigido).';

describe('an edit of a held text left unsettled, through the console', () => {
  it('the view carries the pending text beside the original until the outbox finishes the edit', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { held, onServer, view } = await heldTextOnline(r, ORIGINAL);
    expect(onServer).toMatchObject({ text: ORIGINAL, pendingEditText: null });

    // HelenaCRM answers every withdrawal of the original 503 (before acting) until disarmed.
    const control = api(r.sandbox);
    const armed = await control.post('/control/v1/faults/scripted', { method: 'DELETE', path: `/chat/v1/message/${onServer.id}`, when: 'before', status: 503, times: 1000 });
    expect(armed.status).toBe(200);

    const refused = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: EDITED }));
    expect(refused).toMatchObject({ code: 'edit_pending' });
    // HelenaCRM answered (503): its failure is said, not a dropped connection.
    expect(refused.message).toMatch(/^O HelenaCRM falhou ao retirar a mensagem original/);
    expect(refused.messageEn).toMatch(/^HelenaCRM failed to withdraw the original message/);
    expect(await view(held.localId)).toMatchObject({
      text: ORIGINAL, pendingEditText: EDITED, outboxState: 'waiting_reply', id: onServer.id, textEditable: true, cancellable: true,
    });

    // "Editar" again while it is pending: taken as the edit to finish (still unsettled while HelenaCRM fails).
    const again = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: SECOND }));
    expect(again.message).toMatch(/^O HelenaCRM falhou ao retirar a mensagem original/);
    expect(await view(held.localId)).toMatchObject({ text: ORIGINAL, pendingEditText: SECOND, id: onServer.id });

    // HelenaCRM answers again: the outbox's own retry finishes the edit, no reply, no reconnect.
    expect((await control.delete('/control/v1/faults/scripted')).status).toBe(200);
    const settled = await until(
      'the edit finished by the outbox',
      async () => {
        const m = await view(held.localId);
        return m?.outboxState === 'waiting_reply' && m.id !== null && m.id !== onServer.id ? m : undefined;
      },
      40_000,
    );
    expect(settled).toMatchObject({ text: SECOND, pendingEditText: null });
  }, 90_000);
});

/**
 * An edit of a text HelenaCRM holds for the reply, whose withdrawal of the original (DELETE)
 * HelenaCRM keeps answering 503 while the original stays WAIT_REPLY: the outbox gives it up after
 * HELD_EDIT_GIVE_UP_AFTER tries (held-edit.ts). The conversation's view then stops saying the edit
 * is pending (pendingEditText) and says it was given up (abandonedEditText, the text typed) beside
 * the original, still held; the contact's reply releases the original, and the line reads it sent,
 * the typed text still there (said too late).
 * Real sandbox; the contact (Sebastião) never replies on his own. "Check the connection now"
 * hurries each next try past the console's minutes of backoff.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { api } from '../../sandbox/testing';
import { refusalOf } from './testing/refusal';
import { rigPerTest, until } from './testing/console-rig';
import { heldTextOnline } from './testing/held-text';

const rigs = rigPerTest();

const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

describe('an edit of a held text whose withdrawal HelenaCRM keeps failing, through the console', () => {
  it('the view says the edit was given up, with the text typed, beside the original that goes on the reply', async () => {
    const r = await rigs.start();
    const { held, onServer, view, contactId } = await heldTextOnline(r, ORIGINAL);
    const control = api(r.sandbox);
    expect((await control.post('/control/v1/faults/scripted', { method: 'DELETE', path: `/chat/v1/message/${onServer.id}`, when: 'before', status: 503, times: 1000 })).status).toBe(200);

    const refused = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: EDITED }));
    expect(refused).toMatchObject({ code: 'edit_pending' });
    expect(await view(held.localId)).toMatchObject({ text: ORIGINAL, pendingEditText: EDITED, abandonedEditText: null });

    const givenUp = await until(
      'the edit given up',
      async () => {
        const m = await view(held.localId);
        if (m?.abandonedEditText !== null) return m;
        await r.core.checkConnectionNow();
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      },
      40_000,
    );
    expect(givenUp).toMatchObject({
      text: ORIGINAL, pendingEditText: null, abandonedEditText: EDITED, outboxState: 'waiting_reply', id: onServer.id, textEditable: true, cancellable: true,
    });

    expect((await control.delete('/control/v1/faults/scripted')).status).toBe(200);
    expect((await control.post('/control/v1/inbound', { contactId, text: 'Oi, pode falar!', channelId: CHANNEL.official.id })).status).toBe(200);
    const released = await until('the original released by the reply', async () => {
      const m = await view(held.localId);
      return m?.outboxState === 'sent' ? m : undefined;
    }, 20_000);
    // The typed text stays, now said too late (the original went), until the agent dismisses it.
    expect(released).toMatchObject({ text: ORIGINAL, id: onServer.id, abandonedEditText: EDITED, abandonedEditReason: 'too_late', pendingEditText: null });
  }, 90_000);
});

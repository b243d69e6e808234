/**
 * An edit of a text HelenaCRM holds for the reply, cut short: HelenaCRM answers the withdrawal of
 * the original (DELETE) with 503 while it is armed. The edit is refused "unsettled" but stays
 * recorded (held-edit.ts), and the conversation's view says so — `pendingEditText`, the new text,
 * beside the original `text` — so the agent sees the edit waiting rather than the original alone.
 * A second "Editar" while pending is taken (the view shows the later text); once HelenaCRM answers
 * again the outbox finishes the edit by itself and the line is the new text, nothing pending.
 * Real sandbox; the contact (Sebastião) never replies on his own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { refusalOf } from './testing/refusal';
import { connectivity, contactNamed, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';

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
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const contactId = await contactNamed(r.core, 'sebastiao magalhaes');
    const templateId = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas')?.id ?? '';
    await r.core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId, parameters: { nome: 'Sebastião', atendente: 'Ana' },
    });
    const session = await until('the start acknowledged', async () => {
      const c = (await r.core.invoke('conversation.list', {})).find((x) => x.contactId === contactId && x.pendingStart === null);
      return c?.id;
    });
    const view = async (localId: string) => (await r.core.invoke('conversation.open', { sessionId: session })).messages.find((m) => m.localId === localId);
    const held = await r.core.invoke('message.sendText', { sessionId: session, text: ORIGINAL });
    const onServer = await until('held by HelenaCRM for the reply', async () => {
      const m = await view(held.localId);
      return m?.outboxState === 'waiting_reply' && m.id !== null ? m : undefined;
    });
    expect(onServer).toMatchObject({ text: ORIGINAL, pendingEditText: null });

    // HelenaCRM answers every withdrawal of the original 503 (before acting) until disarmed.
    const control = api(r.sandbox);
    const armed = await control.post('/control/v1/faults/scripted', { method: 'DELETE', path: `/chat/v1/message/${onServer.id}`, when: 'before', status: 503, times: 1000 });
    expect(armed.status).toBe(200);

    const refused = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: EDITED }));
    expect(refused.message).toMatch(/^A conexão caiu durante a edição/);
    expect(await view(held.localId)).toMatchObject({
      text: ORIGINAL, pendingEditText: EDITED, outboxState: 'waiting_reply', id: onServer.id, textEditable: true, cancellable: true,
    });

    // "Editar" again while it is pending: taken as the edit to finish (still unsettled while HelenaCRM fails).
    const again = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: SECOND }));
    expect(again.message).toMatch(/^A conexão caiu durante a edição/);
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

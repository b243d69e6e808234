/**
 * A machine shared by agents (shifts in a call center): what one agent's sync pulled says nothing
 * of what the next one may see, since HelenaCRM lists each agent their own visible conversations;
 * and what one agent left typed stays theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { addConversation } from '../../sandbox/realtime/test-fixtures';
import { type ConsoleRig, startConsoleRig, until } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('one machine, two agents', () => {
  it("the second agent's desk lists their teams' conversations the first agent could not see", async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    // A Financeiro conversation, older than anything Ana will sync: she is not in Financeiro.
    const financeiro = addConversation(r.sandbox.ctx, TEAM.financeiro.id);
    // …and a Vendas one after it, which Ana does see: her sync's cursor moves past the Financeiro one.
    await api(r.sandbox).post('/control/v1/clock/advance', { minutes: 5 });
    const vendas = addConversation(r.sandbox.ctx, TEAM.vendas.id);
    await r.login(DEMO_LOGINS.agent);
    await core.whenSynced();
    const hers = await core.invoke('conversation.list', {});
    expect(hers.some((c) => c.id === vendas.sessionId)).toBe(true);
    expect(hers.some((c) => c.id === financeiro.sessionId)).toBe(false);
    await core.invoke('auth.logout', {});

    // João Pedro (Suporte and Financeiro) signs in on the same machine.
    await r.login(DEMO_LOGINS.agent2);
    await core.whenSynced();
    await until('the Financeiro conversation on his desk', async () => (await core.invoke('conversation.list', {})).some((c) => c.id === financeiro.sessionId), 5_000);
  });

  it("the next agent opening a shared team's conversation finds an empty box, and the first one's draft is there when she is back", async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { core } = r;
    // Ana and João Pedro are both in Suporte.
    const suporte = addConversation(r.sandbox.ctx, TEAM.suporte.id);
    await r.login(DEMO_LOGINS.agent);
    await core.whenSynced();
    await core.invoke('draft.save', { conversationKey: suporte.sessionId, text: 'Seu boleto vence amanhã.' });
    await core.invoke('auth.logout', {});

    await r.login(DEMO_LOGINS.agent2);
    await core.whenSynced();
    expect(await core.invoke('conversation.open', { sessionId: suporte.sessionId })).toMatchObject({ draft: null, noteDraft: null });
    await core.invoke('draft.save', { conversationKey: suporte.sessionId, text: 'Bom dia!' });
    await core.invoke('auth.logout', {});

    await r.login(DEMO_LOGINS.agent);
    await core.whenSynced();
    expect(await core.invoke('conversation.open', { sessionId: suporte.sessionId })).toMatchObject({ draft: 'Seu boleto vence amanhã.' });
  });
});

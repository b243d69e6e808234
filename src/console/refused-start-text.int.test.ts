/**
 * A start queued offline that HelenaCRM then refuses for good (here: its template was deactivated
 * meanwhile) never becomes a conversation. The texts typed behind it fail at once, saying so, and a
 * new text into it is refused in the box, instead of waiting "na fila" for ever.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { rigPerTest, until } from './testing/console-rig';

const rigs = rigPerTest();

describe('texts into a start HelenaCRM refused before it became a conversation', () => {
  it('fail with why and what to do, and a new one is refused at once', async () => {
    const r = await rigs.start();
    await r.login(DEMO_LOGINS.agent);
    const welcome = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas');
    r.proxy.setMode('down');
    await until('offline', async () => (await r.core.invoke('state.snapshot', {})).connectivity.state === 'offline');
    const started = await r.core.invoke('conversation.start', {
      phone: '(11) 91234-5678', channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId: welcome?.id ?? '',
      parameters: { nome: 'Cliente', atendente: 'Ana' },
    });
    const queued = await r.core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Já te mando o boleto.' });
    r.sandbox.ctx.db.prepare('UPDATE templates SET active = 0 WHERE id = ?').run(welcome?.id ?? '');
    r.proxy.setMode('pass');

    const text = await until('the text behind the start failed', async () => {
      const m = (await r.core.invoke('conversation.open', { sessionId: started.conversationKey })).messages.find((x) => x.localId === queued.localId);
      return m?.status === 'FAILED' ? m : null;
    });
    expect(text.failedReason).toMatch(/^O HelenaCRM recusou o início deste atendimento.*volte aos atendimentos \(Esc\) e inicie outro \(\+\)\.$/);
    expect(text.retryable).toBe(false);

    await expect(r.core.invoke('message.sendText', { sessionId: started.conversationKey, text: 'Oi?' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/^Mensagem não enviada: o início deste atendimento falhou \(.+\).*inicie outro \(\+\)\.$/),
    });
    // Nor a template: with no conversation there is nothing to try a start again in.
    await expect(
      r.core.invoke('message.sendTemplate', { sessionId: started.conversationKey, templateId: welcome?.id ?? '', parameters: { nome: 'Cliente', atendente: 'Ana' } }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    const messages = (await r.core.invoke('conversation.open', { sessionId: started.conversationKey })).messages;
    expect(messages.filter((m) => m.text === 'Oi?')).toEqual([]);
    expect(messages).toHaveLength(2);
  }, 60_000);
});

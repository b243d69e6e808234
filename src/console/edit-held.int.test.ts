/**
 * message.edit on a text HelenaCRM holds for the contact's reply, through the console as the
 * bridge calls it: "Editar" offered (textEditable), the edit answers ok and the same line reads the
 * new text, still waiting for the reply; offline it is refused with its own sentence (pt-BR and
 * English), the original untouched; the contact's reply releases only the edited text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { refusalOf } from './testing/refusal';
import { connectivity, startConsoleRig, until, type ConsoleRig } from './testing/console-rig';
import { heldTextOnline } from './testing/held-text';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe('editing a text HelenaCRM holds, through the console', () => {
  it('offered, refused offline with its sentence, done online on the same line; the reply releases only the new text', async () => {
    rig = await startConsoleRig();
    const r = rig;
    const { contactId, session, held, onServer, view } = await heldTextOnline(r, 'Segue o boleto de março.');
    expect(onServer).toMatchObject({ textEditable: true, cancellable: true });

    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(r.core)) !== 'online');
    const refused = await refusalOf(r.core.invoke('message.edit', { localId: held.localId, text: 'Segue o boleto de abril.' }));
    expect(refused).toMatchObject({ code: 'offline' });
    expect(refused.message).toMatch(/^Sem conexão com o HelenaCRM: esta mensagem já está lá/);
    expect(refused.messageEn).toMatch(/^No connection to HelenaCRM: this message is already there/);
    expect(await view(held.localId)).toMatchObject({ text: 'Segue o boleto de março.', outboxState: 'waiting_reply', id: onServer.id });

    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(r.core)) === 'online');
    expect(await r.core.invoke('message.edit', { localId: held.localId, text: 'Segue o boleto de abril.' })).toEqual({ ok: true });
    const edited = await until('the new text held by HelenaCRM', async () => {
      const m = await view(held.localId);
      return m?.outboxState === 'waiting_reply' && m.id !== null && m.id !== onServer.id ? m : undefined;
    });
    expect(edited).toMatchObject({ text: 'Segue o boleto de abril.', textEditable: true });

    await r.inbound(contactId, 'Oi, pode mandar.', CHANNEL.official.id);
    await until('released', async () => ((await view(held.localId))?.outboxState === 'sent' ? true : undefined));
    // One line for it, the edited one: the deleted copy sync brings is not shown beside it.
    const shown = (await r.core.invoke('conversation.open', { sessionId: session })).messages.filter((m) => m.direction === 'FROM_HUB' && m.templateId === null);
    expect(shown.map((m) => [m.localId, m.text])).toEqual([[held.localId, 'Segue o boleto de abril.']]);
    const out = (await r.serverMessages(session, DEMO_LOGINS.agent)).filter((m) => m.direction === 'FROM_HUB' && m.templateId === null);
    expect(out.map((m) => [m.text, m.status === 'DELETED' ? 'DELETED' : 'released'])).toEqual([
      ['Segue o boleto de março.', 'DELETED'],
      ['Segue o boleto de abril.', 'released'],
    ]);
  }, 60_000);
});

/**
 * message.cancel on a file while it uploads, through the console as the bridge calls it, on a
 * slow line (the rig's TCP proxy throttled): the view offers "Cancelar envio" (cancellable) while
 * the bytes go, the cancel answers ok and the message reads cancelled; a file past its send
 * request is refused as too_late with the sentence that it may already have reached the contact.
 * The same point of no return for a text whose answer was lost; a text HelenaCRM holds for the
 * reply is still withdrawn there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL, TEAM } from '../../sandbox/seed';
import { api, DEMO_LOGINS } from '../../sandbox/testing';
import { refusalOf } from './testing/refusal';
import { connectivity, contactNamed, startConsoleRig, takenConversation, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  rig?.proxy.throttle(null);
  await rig?.close();
  rig = null;
});

function pdfInput(sessionId: string, size: number, name: string) {
  const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(size - 16, 0x30), Buffer.from('\n%%EOF\n')]);
  return { sessionId, name, mimeType: 'application/pdf', size: bytes.length, data: bytes.toString('base64') };
}

describe('cancelling a file through the console', () => {
  it('offered and done while it uploads; refused, saying it may have reached the contact, once sent', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await takenConversation(r, 'Pode mandar o boleto?');
    const view = async (localId: string) => (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === localId);

    r.proxy.throttle(100_000);
    const wrong = await r.core.invoke('message.sendFile', pdfInput(sessionId, 2_000_000, 'boleto-errado.pdf'));
    const uploading = await until('uploading, cancellable', async () => {
      const m = await view(wrong.localId);
      return m?.outboxState === 'sending' && m.cancellable ? m : undefined;
    });
    expect(uploading).toMatchObject({ editable: false, cancellable: true });
    expect(await r.core.invoke('message.cancel', { localId: wrong.localId })).toEqual({ ok: true });
    // A second Enter on the same line agrees rather than saying "too late".
    expect(await r.core.invoke('message.cancel', { localId: wrong.localId })).toEqual({ ok: true });
    expect(await view(wrong.localId)).toMatchObject({ outboxState: 'cancelled', status: 'CANCELLED', cancellable: false });
    r.proxy.throttle(null);

    const right = await r.core.invoke('message.sendFile', pdfInput(sessionId, 20_000, 'boleto-certo.pdf'));
    await until('sent', async () => ((await view(right.localId))?.outboxState === 'sent' ? true : undefined));
    expect(await view(right.localId)).toMatchObject({ cancellable: false });
    const refused = await refusalOf(r.core.invoke('message.cancel', { localId: right.localId }));
    expect(refused).toMatchObject({ code: 'too_late', field: 'localId' });
    expect(refused.message).toBe('O arquivo já foi enviado ao WhatsApp e pode já ter chegado ao contato: não dá mais para cancelar.');
    expect(refused.messageEn).toBe('The file has already been handed to WhatsApp and may have reached the contact: it can no longer be cancelled.');
    const onServer = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m) => m.type === 'DOCUMENT');
    expect(onServer.map((m) => m.details.file?.name)).toEqual(['boleto-certo.pdf']);
  }, 60_000);

  it('a text whose answer was lost offers neither "Editar" nor "Cancelar envio" until it is sent; one HelenaCRM holds for the reply can still be withdrawn', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await takenConversation(r, 'Pode mandar o boleto?');
    const view = async (key: string, localId: string) => (await r.core.invoke('conversation.open', { sessionId: key })).messages.find((m) => m.localId === localId);

    // HelenaCRM takes the text; its answer is lost on the way back: the retry (same refId) is deduped.
    await api(r.sandbox).post('/control/v1/faults/scripted', { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'after' });
    const text = await r.core.invoke('message.sendText', { sessionId, text: 'Seu boleto vence amanhã.' });
    const queuedAgain = await until('queued again after the lost answer', async () => {
      const m = await view(sessionId, text.localId);
      return m?.outboxState === 'queued' ? m : undefined;
    });
    expect(queuedAgain).toMatchObject({ textEditable: false, cancellable: false });
    expect(await refusalOf(r.core.invoke('message.cancel', { localId: text.localId }))).toMatchObject({ code: 'too_late' });
    await until('sent by the retry', async () => ((await view(sessionId, text.localId))?.outboxState === 'sent' ? true : undefined), 15_000);

    // A start whose contact has not replied yet: the text after it is held by HelenaCRM (WAIT_REPLY), and withdrawn there.
    const contactId = await contactNamed(r.core, 'sebastiao magalhaes');
    const templateId = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas')?.id ?? '';
    const started = await r.core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId, parameters: { nome: 'Sebastião', atendente: 'Ana' },
    });
    const session = await until('the start acknowledged', async () => {
      const c = (await r.core.invoke('conversation.list', {})).find((x) => x.contactId === contactId && x.pendingStart === null);
      return c?.id;
    });
    expect(started.localId).toBeTruthy();
    const held = await r.core.invoke('message.sendText', { sessionId: session, text: 'Fico no aguardo.' });
    const onServer = await until('held by HelenaCRM for the reply', async () => {
      const m = await view(session, held.localId);
      return m?.outboxState === 'waiting_reply' && m.id !== null ? m : undefined;
    });
    // Held there, it may also be edited (withdrawn and sent again: outbox.edit-held.int.test.ts).
    expect(onServer).toMatchObject({ textEditable: true, cancellable: true });
    expect(await r.core.invoke('message.cancel', { localId: held.localId })).toEqual({ ok: true });
  }, 40_000);
});

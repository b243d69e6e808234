/**
 * message.edit on the caption of a file HelenaCRM holds for the contact's reply, through the
 * console as the bridge calls it: "Editar legenda" offered (textEditable) on a held document, never
 * on a held audio (WhatsApp shows no caption on it); offline refused with the held text's sentence;
 * cut short (HelenaCRM answers the withdrawal 503) the view carries the new caption as
 * `pendingEditText` beside the original, and the outbox finishes it by itself; the contact's reply
 * releases the same file once, with only the new caption. Real sandbox; Sebastião never replies on
 * his own.
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

const PDF = Buffer.from(`%PDF-1.4\n% boleto de março\n${'boleto '.repeat(10_000)}\n%%EOF\n`);
const OGG = Buffer.concat([Buffer.from('OggS\0\x02'), Buffer.alloc(4_000, 1)]);
const ORIGINAL = 'Segue o boleto de março.';
const EDITED = 'Segue o boleto de abril.';

function fileInput(sessionId: string, bytes: Buffer, name: string, mimeType: string, caption?: string) {
  return { sessionId, name, mimeType, size: bytes.length, data: bytes.toString('base64'), ...(caption !== undefined ? { caption } : {}) };
}

describe('editing the caption of a file HelenaCRM holds, through the console', () => {
  it('offered on a document, not on an audio; offline refused; cut short it shows pending and is finished; the reply releases the new caption only', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const contactId = await contactNamed(r.core, 'sebastiao magalhaes');
    const templateId = (await r.core.invoke('templates.forStart', { channelId: CHANNEL.official.id, teamId: TEAM.vendas.id })).find((t) => t.name === 'boas_vindas')?.id ?? '';
    await r.core.invoke('conversation.start', {
      contactId, channelId: CHANNEL.official.id, teamId: TEAM.vendas.id, templateId, parameters: { nome: 'Sebastião', atendente: 'Ana' },
    });
    const session = await until('the start acknowledged', async () => (await r.core.invoke('conversation.list', {})).find((x) => x.contactId === contactId && x.pendingStart === null)?.id);
    const view = async (localId: string) => (await r.core.invoke('conversation.open', { sessionId: session })).messages.find((m) => m.localId === localId);
    const heldOnServer = (localId: string) =>
      until('held by HelenaCRM for the reply', async () => {
        const m = await view(localId);
        return m?.outboxState === 'waiting_reply' && m.id !== null ? m : undefined;
      });

    const audio = await r.core.invoke('message.sendFile', fileInput(session, OGG, 'recado.ogg', 'audio/ogg'));
    expect(await heldOnServer(audio.localId)).toMatchObject({ file: { kind: 'audio' }, textEditable: false, cancellable: true });
    expect((await refusalOf(r.core.invoke('message.edit', { localId: audio.localId, text: 'Ouça o recado.' }))).message).toMatch(/^O WhatsApp não mostra legenda em áudio/);

    const boleto = await r.core.invoke('message.sendFile', fileInput(session, PDF, 'boleto-marco.pdf', 'application/pdf', ORIGINAL));
    const onServer = await heldOnServer(boleto.localId);
    expect(onServer).toMatchObject({ text: ORIGINAL, file: { kind: 'document', name: 'boleto-marco.pdf' }, textEditable: true, cancellable: true, pendingEditText: null });
    // The audio held before it still offers no caption to edit.
    expect(await view(audio.localId)).toMatchObject({ textEditable: false });

    r.proxy.setMode('down');
    await until('the console offline', async () => (await connectivity(r.core)) !== 'online');
    const offline = await refusalOf(r.core.invoke('message.edit', { localId: boleto.localId, text: EDITED }));
    expect(offline).toMatchObject({ code: 'offline' });
    expect(offline.message).toMatch(/^Sem conexão com o HelenaCRM: esta mensagem já está lá/);
    expect(offline.messageEn).toMatch(/^No connection to HelenaCRM: this message is already there/);
    r.proxy.setMode('pass');
    await until('online again', async () => (await connectivity(r.core)) === 'online');

    // HelenaCRM answers the withdrawal 503 (before acting) until disarmed: the edit is left pending.
    const control = api(r.sandbox);
    expect((await control.post('/control/v1/faults/scripted', { method: 'DELETE', path: `/chat/v1/message/${onServer.id}`, when: 'before', status: 503, times: 1000 })).status).toBe(200);
    const pending = await refusalOf(r.core.invoke('message.edit', { localId: boleto.localId, text: EDITED }));
    expect(pending).toMatchObject({ code: 'edit_pending' });
    expect(pending.message).toMatch(/^O HelenaCRM falhou ao retirar a mensagem original/);
    expect(await view(boleto.localId)).toMatchObject({ text: ORIGINAL, pendingEditText: EDITED, id: onServer.id, file: { name: 'boleto-marco.pdf' } });

    expect((await control.delete('/control/v1/faults/scripted')).status).toBe(200);
    const edited = await until(
      'the edit finished by the outbox',
      async () => {
        const m = await view(boleto.localId);
        return m?.outboxState === 'waiting_reply' && m.id !== null && m.id !== onServer.id ? m : undefined;
      },
      40_000,
    );
    expect(edited).toMatchObject({ text: EDITED, pendingEditText: null, file: { name: 'boleto-marco.pdf' }, textEditable: true });

    await r.inbound(contactId, 'Oi, pode mandar.', CHANNEL.official.id);
    await until('released', async () => ((await view(boleto.localId))?.outboxState === 'sent' ? true : undefined));
    // One line for it, the edited one: the deleted copy sync brings is not shown beside it.
    const shown = (await r.core.invoke('conversation.open', { sessionId: session })).messages.filter((m) => m.file?.kind === 'document');
    expect(shown.map((m) => [m.localId, m.text])).toEqual([[boleto.localId, EDITED]]);
    const documents = (await r.serverMessages(session, DEMO_LOGINS.agent)).filter((m) => m.type === 'DOCUMENT');
    expect(documents.map((m) => [m.text, m.status === 'DELETED' ? 'DELETED' : 'released'])).toEqual([
      [ORIGINAL, 'DELETED'],
      [EDITED, 'released'],
    ]);
    // The same file both times: uploaded once (and the audio once).
    expect(new Set(documents.map((m) => m.fileId)).size).toBe(1);
    expect((await control.get<{ items: unknown[] }>('/control/v1/files')).body.items).toHaveLength(2);
  }, 120_000);
});

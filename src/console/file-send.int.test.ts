/**
 * message.sendFile through the console, as the bridge calls it (base64 bytes, the size the
 * renderer announced, the box's text as caption), against the demo sandbox behind a TCP proxy:
 * the file reaches HelenaCRM once with its exact bytes and the conversation shows "📎 name ·
 * size"; every refusal names its rule in pt-BR and English before anything is queued; offline the
 * file waits and its caption can be corrected; a file the contact sent shows the same way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../sandbox/testing';
import type { MessageDTO } from '../api/helena-dto';
import { refusalOf } from './testing/refusal';
import { connectivity, startConsoleRig, takenConversation, until, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const PDF = Buffer.from(`%PDF-1.4\n% 2ª via do boleto\n${'boleto '.repeat(20_000)}\n%%EOF\n`);

function fileInput(sessionId: string, bytes: Buffer, fields: { name?: string; mimeType?: string; caption?: string; size?: number } = {}) {
  return {
    sessionId,
    name: fields.name ?? 'boleto-2a-via.pdf',
    mimeType: fields.mimeType ?? 'application/pdf',
    size: fields.size ?? bytes.length,
    data: bytes.toString('base64'),
    ...(fields.caption !== undefined ? { caption: fields.caption } : {}),
  };
}

describe('sending a file through the console', () => {
  it('reaches HelenaCRM once with its exact bytes; the conversation shows it with its caption and state', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await takenConversation(r);

    const started = Date.now();
    const sent = await r.core.invoke('message.sendFile', fileInput(sessionId, PDF, { caption: 'Segue a 2ª via.' }));
    const enqueueMs = Date.now() - started;
    expect(enqueueMs).toBeLessThan(2_000);
    await until('sent', async () => (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === sent.localId && m.outboxState === 'sent'));

    const shown = (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === sent.localId);
    expect(shown).toMatchObject({ text: 'Segue a 2ª via.', media: null, file: { kind: 'document', name: 'boleto-2a-via.pdf', size: PDF.length, mimeType: 'application/pdf' } });
    const onServer = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m: MessageDTO) => m.type === 'DOCUMENT');
    expect(onServer).toHaveLength(1);
    const bytes = Buffer.from(await (await fetch(`${r.sandbox.url}/control/v1/files/${onServer[0]?.fileId ?? ''}`)).arrayBuffer());
    expect(bytes.equals(PDF)).toBe(true);
    // The desk lists it by its caption.
    expect((await r.core.invoke('conversation.list', {})).find((c) => c.id === sessionId)?.lastMessageText).toBe('Segue a 2ª via.');
  });

  it('refuses, in both languages and naming the limit, what WhatsApp or the app would not send, before anything is queued', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await takenConversation(r);
    const { store } = r.core.requireOpen();
    const queuedBefore = store.outbox.counts();

    const photo = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, Buffer.alloc(5_200_000, 1), { name: 'foto.jpg', mimeType: 'image/jpeg' })));
    expect(photo).toMatchObject({ code: 'invalid_input', field: 'file' });
    expect(photo.message).toBe('"foto.jpg" tem 5,2 MB; o WhatsApp aceita imagens de até 5 MB. Diminua a imagem ou anexe-a em PDF.');
    expect(photo.messageEn).toBe('"foto.jpg" is 5.2 MB; WhatsApp takes images of up to 5 MB. Make the image smaller or attach it as a PDF.');

    const exe = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, Buffer.alloc(10), { name: 'programa.exe', mimeType: 'application/x-msdownload' })));
    expect(exe).toMatchObject({ field: 'file' });
    expect(exe.message).toContain('O WhatsApp não aceita o tipo de "programa.exe"');

    const audio = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, Buffer.alloc(10), { name: 'recado.mp3', mimeType: 'audio/mpeg', caption: 'ouça' })));
    expect(audio).toMatchObject({ field: 'caption' });
    expect(audio.messageEn).toContain('WhatsApp shows no caption on audio');

    const longCaption = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, PDF, { caption: 'x'.repeat(1025) })));
    expect(longCaption.message).toContain('1025 caracteres');

    const cut = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, PDF, { size: PDF.length + 3 })));
    expect(cut).toMatchObject({ code: 'invalid_input', field: 'data', message: 'O arquivo chegou incompleto ao Helena Desk. Anexe de novo (Alt+U).' });
    const notBase64 = await refusalOf(r.core.invoke('message.sendFile', { ...fileInput(sessionId, Buffer.alloc(3)), data: 'AA!A' }));
    expect(notBase64).toMatchObject({ field: 'data' });
    // The bytes, not only the name: a Word file saved with a .pdf name, an iPhone photo renamed .jpg.
    const docx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(2_000, 7)]);
    const notPdf = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, docx, { name: 'contrato.pdf' })));
    expect(notPdf).toMatchObject({ code: 'invalid_input', field: 'file' });
    expect(notPdf.message).toBe(
      'O conteúdo de "contrato.pdf" não é de um arquivo PDF: o nome diz uma coisa e o arquivo é outra, ou ele está danificado. Abra o arquivo, salve-o de novo como PDF e anexe outra vez.',
    );
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic'), Buffer.alloc(3_000, 1)]);
    const iphone = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, heic, { name: 'IMG_0042.jpg', mimeType: 'image/jpeg' })));
    expect(iphone.messageEn).toBe('"IMG_0042.jpg" is a HEIC image, which WhatsApp does not deliver as a photo. Save it as JPG or PNG (or attach it as a PDF) and send it again.');

    const path = await refusalOf(r.core.invoke('message.sendFile', fileInput(sessionId, PDF, { name: '../../boleto.pdf' })));
    expect(path).toMatchObject({ field: 'name', messageEn: 'The file name is empty, too long or has invalid characters: rename the file and attach it again.' });
    const huge = await r.core.handle('message.sendFile', { ...fileInput(sessionId, Buffer.alloc(3)), size: 16_000_001 });
    expect(huge).toMatchObject({ ok: false, error: { field: 'size', message: 'O arquivo passa de 16 MB, o maior que o Helena Desk envia. Diminua o arquivo ou envie um link.' } });

    expect(store.outbox.counts()).toEqual(queuedBefore);
  });

  it('offline: the file waits on disk and its caption can be corrected; back online it goes once', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    await until('online', async () => (await connectivity(r.core)) === 'online');
    const sessionId = await takenConversation(r);
    r.proxy.setMode('down');
    await until('offline', async () => (await connectivity(r.core)) !== 'online');

    const sent = await r.core.invoke('message.sendFile', fileInput(sessionId, PDF, { caption: 'Segue o boleto' }));
    expect(sent.state).toBe('queued');
    await expect(r.core.invoke('message.edit', { localId: sent.localId, text: 'y'.repeat(1025) })).rejects.toMatchObject({ field: 'text' });
    await r.core.invoke('message.edit', { localId: sent.localId, text: 'Segue o boleto corrigido' });
    const queued = (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === sent.localId);
    expect(queued).toMatchObject({ outboxState: 'queued', textEditable: true, editable: true, text: 'Segue o boleto corrigido', file: { name: 'boleto-2a-via.pdf' } });

    r.proxy.setMode('pass');
    await until('sent after reconnect', async () => (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.localId === sent.localId && m.outboxState === 'sent'), 30_000);
    const onServer = (await r.serverMessages(sessionId, DEMO_LOGINS.agent)).filter((m: MessageDTO) => m.type === 'DOCUMENT');
    expect(onServer.map((m) => m.text)).toEqual(['Segue o boleto corrigido']);
  });

  it('shows a file the contact sent as it shows the agent’s: name, size, its text as the caption', async () => {
    rig = await startConsoleRig();
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await takenConversation(r);
    // The sandbox's simulated contacts write text only: HelenaCRM's DTO of a contact's photo, as sync would store it.
    const { store } = r.core.requireOpen();
    const now = new Date().toISOString();
    store.messages.upsertMessages([
      {
        id: '5e0c1a4b-7d2f-4c8e-9b1a-3f6d2e8c4a01', createdAt: now, updatedAt: now, type: 'IMAGE', sessionId, templateId: null, direction: 'TO_HUB', status: 'DELIVERED',
        text: 'Foto do comprovante', refId: null, fileId: '6f1d2b5c-8e3a-4d9f-a2b1-4a7e3f9d5b02', failedReason: null,
        details: { waitReply: false, file: { id: '6f1d2b5c-8e3a-4d9f-a2b1-4a7e3f9d5b02', name: 'comprovante.jpg', mimeType: 'image/jpeg', size: 240_000, type: 'IMAGE' } },
      },
    ]);
    const shown = (await r.core.invoke('conversation.open', { sessionId })).messages.find((m) => m.id === '5e0c1a4b-7d2f-4c8e-9b1a-3f6d2e8c4a01');
    expect(shown).toMatchObject({ direction: 'TO_HUB', text: 'Foto do comprovante', file: { kind: 'image', name: 'comprovante.jpg', size: 240_000 } });
  });
});

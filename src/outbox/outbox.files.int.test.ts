/**
 * Files through the outbox against a real sandbox: upload, record the file id, send with the
 * entry's refId — and HelenaCRM failing at each step (before the save, the save's answer lost,
 * the send's answer lost), offline, the window closed (lenient and strict), cancel and caption
 * edit. What "exactly once" is checked against is the server's own record: one message carrying
 * a file whose bytes equal what the agent attached. The killed-process variant lives in
 * outbox.files.crash.int.test.ts.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MessageDTO } from '../api/helena-dto';
import { eventually } from '../../sandbox/conversations/test-fixture';
import { AttachmentFiles } from './attachment-files';
import { conversationWithMaria, type Rig, type RigOptions } from './testing/harness';
import { rigPerTest } from './testing/rig-per-test';

const PDF = Buffer.from(`%PDF-1.4\n% boleto de março, Maria da Conceição\n${'0123456789'.repeat(5_000)}\n%%EOF\n`);
const BOLETO = { name: 'boleto-marco.pdf', mimeType: 'application/pdf', bytes: PDF, caption: 'Segue o boleto de março.' };

const rigs = rigPerTest();

async function fileRig(options: RigOptions = {}): Promise<{ r: Rig; attachments: AttachmentFiles }> {
  const attachments = new AttachmentFiles(join(rigs.tempDir(), 'attachments'));
  const r = await rigs.start({ ...options, outbox: { ...options.outbox, attachments } });
  return { r, attachments };
}

async function startedSession(r: Rig): Promise<string> {
  await r.outbox.start();
  return conversationWithMaria(r, r.outbox, 'F-1');
}

async function openWindow(r: Rig): Promise<string> {
  const sessionId = await startedSession(r);
  await r.contactWrites(r.sandbox.company.contacts.maria, 'Pode mandar o boleto?');
  r.outbox.onContactReplied(sessionId);
  return sessionId;
}

async function serverFiles(r: Rig): Promise<Array<{ id: string; sha256: string }>> {
  return (await r.sandbox.api<{ items: Array<{ id: string; sha256: string }> }>('GET', '/control/v1/files', null)).body.items;
}

async function bytesOnServer(r: Rig, fileId: string): Promise<Buffer> {
  return Buffer.from(await (await fetch(`${r.sandbox.url}/control/v1/files/${fileId}`)).arrayBuffer());
}

/** The one message carrying a file in the session, as HelenaCRM has it; fails when there is not exactly one. */
async function theFileMessage(r: Rig, sessionId: string): Promise<MessageDTO> {
  const withFiles = (await r.serverMessages(sessionId)).filter((m) => m.type === 'DOCUMENT');
  expect(withFiles).toHaveLength(1);
  const [message] = withFiles;
  if (!message?.fileId) throw new Error('no file on the message');
  expect((await bytesOnServer(r, message.fileId)).equals(PDF)).toBe(true);
  return message;
}

async function arm(r: Rig, fault: { method: string; path: string; when: 'before' | 'after'; times?: number }): Promise<void> {
  const res = await r.sandbox.api('POST', '/control/v1/faults/scripted', null, fault);
  expect(res.status).toBe(200);
}

describe('a file through the outbox', () => {
  it('saved to the data folder before it resolves, uploaded, sent once with its caption, then the bytes go', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    expect(sent.state).toBe('queued');
    // Durable before the promise resolved: the bytes, the message and the entry.
    expect(r.store.messages.get(sent.localId)).toMatchObject({ type: 'DOCUMENT', text: 'Segue o boleto de março.', status: 'LOCAL', file: { name: 'boleto-marco.pdf', size: PDF.length, mimeType: 'application/pdf' } });
    await r.outbox.flush();

    const message = await theFileMessage(r, sessionId);
    expect(message).toMatchObject({ refId: sent.refId, text: 'Segue o boleto de março.', details: { file: { name: 'boleto-marco.pdf', size: PDF.length } } });
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'sent', fileId: message.fileId, attempts: 1 });
    expect(r.store.messages.get(sent.localId)?.id).toBe(message.id);
    await eventually(() => (existsSync(join(attachments.dir, sent.localId)) ? undefined : true), 'the bytes deleted once sent');
    const progress = r.events.flatMap((e) => (e.type === 'upload-progress' && e.localId === sent.localId ? [e] : []));
    expect(progress.at(-1)).toMatchObject({ sessionId, sent: PDF.length, total: PDF.length });
  });

  it('HelenaCRM failing before the save, then the save answered but lost: retried until one message, with the right bytes', async () => {
    const { r } = await fileRig();
    const sessionId = await openWindow(r);
    await arm(r, { method: 'POST', path: '/core/v2/file', when: 'before' });
    await arm(r, { method: 'POST', path: '/core/v2/file', when: 'after' });
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    await eventually(() => (r.store.outbox.get(sent.localId)?.state === 'sent' ? true : undefined), 'sent after the failed saves', 10_000);
    const message = await theFileMessage(r, sessionId);
    // The lost save left an upload nobody uses; the message names the one saved by the try that went through.
    expect((await serverFiles(r)).length).toBe(2);
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ fileId: message.fileId, attempts: 3 });
  });

  it('HelenaCRM failing between the save and the send, and losing the send’s answer: the file is not uploaded again, the message goes once', async () => {
    const { r } = await fileRig();
    const sessionId = await openWindow(r);
    await arm(r, { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'before' });
    await arm(r, { method: 'POST', path: `/chat/v1/session/${sessionId}/message`, when: 'after' });
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    await eventually(() => (r.store.outbox.get(sent.localId)?.state === 'sent' ? true : undefined), 'sent after the failed sends', 10_000);
    const message = await theFileMessage(r, sessionId);
    expect(message.refId).toBe(sent.refId);
    expect(await serverFiles(r)).toHaveLength(1);
    expect(r.store.outbox.get(sent.localId)?.attempts).toBe(3);
  });

  it('offline: queued with its bytes, then sent once when the network returns', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    r.proxy.setMode('down');
    r.outbox.setOnline(false);
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    expect(sent.state).toBe('queued');
    expect(readdirSync(attachments.dir)).toEqual([sent.localId]);
    r.proxy.setMode('pass');
    r.outbox.setOnline(true);
    await r.outbox.flush();
    expect(r.store.outbox.get(sent.localId)?.state).toBe('sent');
    await theFileMessage(r, sessionId);
    expect(await serverFiles(r)).toHaveLength(1);
  });

  it('outside the window the server holds it (WAIT_REPLY) like text, and the reply releases it', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await startedSession(r);
    const sent = await r.outbox.sendFile(sessionId, { ...BOLETO, caption: undefined });
    await r.outbox.flush();
    expect(r.store.outbox.get(sent.localId)?.state).toBe('waiting_reply');
    expect((await theFileMessage(r, sessionId)).status).toBe('WAIT_REPLY');
    // Held by the server: kept here until it is sent (it could still be cancelled).
    expect(existsSync(join(attachments.dir, sent.localId))).toBe(true);
    await r.contactWrites(r.sandbox.company.contacts.maria);
    r.outbox.onContactReplied(sessionId);
    expect(r.store.outbox.get(sent.localId)?.state).toBe('sent');
    expect((await theFileMessage(r, sessionId)).text).toBeNull();
    await eventually(() => (existsSync(join(attachments.dir, sent.localId)) ? undefined : true), 'the bytes deleted once released');
  });

  it('a strict server (131047): held here, not even uploaded again, and sent once after the reply', async () => {
    const { r } = await fileRig();
    await r.sandbox.api('PUT', '/control/v1/window-mode', null, { strict: true });
    const sessionId = await startedSession(r);
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    await r.outbox.flush();
    // Uploaded, refused with 131047, held: the next try reuses the upload.
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'waiting_reply', lastErrorCode: { code: 'window_closed' } });
    expect(r.store.outbox.get(sent.localId)?.fileId).not.toBeNull();
    const later = await r.outbox.sendFile(sessionId, { ...BOLETO, name: 'boleto-abril.pdf' });
    // Known strict with the window closed: held at once, nothing uploaded.
    expect(later.state).toBe('waiting_reply');
    await r.outbox.flush();
    expect(r.store.outbox.get(later.localId)?.fileId).toBeNull();
    expect(await serverFiles(r)).toHaveLength(1);

    await r.contactWrites(r.sandbox.company.contacts.maria);
    r.outbox.onContactReplied(sessionId);
    await r.outbox.flush();
    const sentOnServer = (await r.serverMessages(sessionId)).filter((m) => m.type === 'DOCUMENT');
    expect(sentOnServer.map((m) => m.details.file?.name)).toEqual(['boleto-marco.pdf', 'boleto-abril.pdf']);
    expect(await serverFiles(r)).toHaveLength(2);
  });

  it('cancelled or its caption edited while queued; a cancelled file is never uploaded and its bytes go', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    r.outbox.setOnline(false);
    const kept = await r.outbox.sendFile(sessionId, BOLETO);
    const dropped = await r.outbox.sendFile(sessionId, { ...BOLETO, name: 'errado.pdf' });
    expect(await r.outbox.edit(kept.localId, { text: 'Boleto corrigido, vence dia 10.' })).toBe(true);
    await expect(r.outbox.edit(kept.localId, { text: 'x'.repeat(1025) })).rejects.toMatchObject({ field: 'text' });
    expect(await r.outbox.cancel(dropped.localId)).toBe(true);
    await eventually(() => (existsSync(join(attachments.dir, dropped.localId)) ? undefined : true), 'the cancelled bytes deleted');
    r.outbox.setOnline(true);
    await r.outbox.flush();
    const message = await theFileMessage(r, sessionId);
    expect(message).toMatchObject({ text: 'Boleto corrigido, vence dia 10.', details: { file: { name: 'boleto-marco.pdf' } } });
    expect(await serverFiles(r)).toHaveLength(1);
  });

  it('refuses before writing anything a file WhatsApp would refuse, a caption on audio, and files without a folder for them', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    await expect(r.outbox.sendFile(sessionId, { name: 'foto.jpg', mimeType: 'image/jpeg', bytes: Buffer.alloc(5_000_001) })).rejects.toMatchObject({ field: 'file' });
    await expect(r.outbox.sendFile(sessionId, { name: 'setup.exe', mimeType: '', bytes: Buffer.alloc(10) })).rejects.toMatchObject({ field: 'file' });
    await expect(r.outbox.sendFile(sessionId, { name: 'recado.ogg', mimeType: 'audio/ogg', bytes: Buffer.alloc(10), caption: 'ouça' })).rejects.toMatchObject({ field: 'caption' });
    expect(existsSync(attachments.dir) ? readdirSync(attachments.dir) : []).toEqual([]);
    const withoutFolder = r.newOutbox({ attachments: undefined });
    await expect(withoutFolder.sendFile(sessionId, BOLETO)).rejects.toMatchObject({ field: 'file' });
  });

  it('a file whose bytes vanished from the data folder fails, says why, and is not retried', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    r.outbox.setOnline(false);
    const sent = await r.outbox.sendFile(sessionId, BOLETO);
    rmSync(join(attachments.dir, sent.localId));
    r.outbox.setOnline(true);
    await r.outbox.flush();
    expect(r.store.outbox.get(sent.localId)).toMatchObject({ state: 'failed', retryable: false, lastErrorCode: { code: 'attachment_missing' } });
    expect(r.store.messages.get(sent.localId)?.failedReason).toContain('anexe o arquivo de novo');
  });

  it('at start, sweeps the bytes of messages that settled or never committed, and keeps those still waiting', async () => {
    const { r, attachments } = await fileRig();
    const sessionId = await openWindow(r);
    r.outbox.setOnline(false);
    const waiting = await r.outbox.sendFile(sessionId, BOLETO);
    const orphan = '3b241101-e2bb-4255-8caf-4136c566a962';
    await attachments.save(orphan, new Uint8Array([1, 2, 3]));
    await r.outbox.stop();
    const next = r.newOutbox({ online: false });
    await next.start();
    expect(readdirSync(attachments.dir)).toEqual([waiting.localId]);
    await next.stop();
  });
});

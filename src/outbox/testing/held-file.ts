/**
 * What the held-file caption edit tests share: a file HelenaCRM holds for Maria's reply (a
 * conversation started with her, no reply yet), sent through an outbox with an attachments folder,
 * and the files with their captions HelenaCRM released to WhatsApp (what the contact got).
 */
import { expect } from 'vitest';
import type { MessageDTO } from '../../api/helena-dto';
import type { OutgoingFile } from '../contract';
import type { Outbox } from '../outbox';
import { conversationWithMaria, type Rig } from './harness';

export interface HeldFile {
  sessionId: string;
  localId: string;
  refId: string;
  /** HelenaCRM's id of the held message. */
  serverId: string;
  /** HelenaCRM's id of the uploaded file, as the row recorded it. */
  fileId: string;
}

export const BOLETO: OutgoingFile = {
  name: 'boleto-marco.pdf',
  mimeType: 'application/pdf',
  bytes: Buffer.from(`%PDF-1.4\n% boleto de março, Maria da Conceição\n${'0123456789'.repeat(5_000)}\n%%EOF\n`),
  caption: 'Segue o boleto de março.',
};

/** A voice note (Ogg): WhatsApp shows no caption on it. */
export const RECADO: OutgoingFile = {
  name: 'recado.ogg',
  mimeType: 'audio/ogg',
  bytes: Buffer.concat([Buffer.from('OggS\0\x02'), Buffer.alloc(4_000, 1)]),
};

/** `file` held by HelenaCRM for Maria's reply; a new conversation is started unless `sessionId` is given. */
export async function heldFile(r: Rig, outbox: Outbox, file: OutgoingFile, options: { protocolo: string; sessionId?: string }): Promise<HeldFile> {
  await outbox.start();
  const sessionId = options.sessionId ?? (await conversationWithMaria(r, outbox, options.protocolo));
  const sent = await outbox.sendFile(sessionId, file);
  await outbox.flush();
  const entry = r.store.outbox.get(sent.localId);
  expect(entry?.state).toBe('waiting_reply');
  const serverId = r.store.messages.get(sent.localId)?.id;
  if (!serverId || !entry?.fileId) throw new Error('not held by the server');
  return { sessionId, localId: sent.localId, refId: sent.refId, serverId, fileId: entry.fileId };
}

/** The file messages HelenaCRM released to WhatsApp (what the contact got): [caption, fileId]. */
export function deliveredFiles(messages: readonly MessageDTO[]): Array<[string | null, string | null]> {
  return messages
    .filter((m) => m.direction === 'FROM_HUB' && m.templateId === null && m.fileId && ['SENT', 'DELIVERED', 'READ'].includes(m.status))
    .map((m) => [m.text, m.fileId ?? null]);
}

/** How many uploads HelenaCRM saved (the sandbox's control API). */
export async function savedUploads(r: Rig): Promise<number> {
  return (await r.sandbox.api<{ items: unknown[] }>('GET', '/control/v1/files', null)).body.items.length;
}

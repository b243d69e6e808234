/**
 * HelenaCRM's files API over real HTTP: an upload URL (GET /core/v2/file), the raw PUT to it (no
 * token: it is its own credential), the save (POST /core/v2/file, idempotent per tempFileId), and
 * a session message carrying the saved file by the same window rules as text. Every answer is
 * parsed with the wire schemas the client uses (helena-dto.ts, after core.json and chat.json).
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  InternalException,
  MessageDTO,
  MessagePage,
  QuickMessageDTO,
  SavedFileDTO,
  SendMessageResponse,
  UploadUrlDTO,
} from '../../src/api/helena-dto';
import { receiveInboundMessage } from '../conversations/inbound';
import { startConversationSandbox, type ConversationSandbox } from '../conversations/test-fixture';
import { storedFile } from './files-repo';

let sb: ConversationSandbox;
afterEach(async () => {
  await sb.close();
});

const PDF = Buffer.from('%PDF-1.4\n% boleto de março\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

async function open(overrides: Parameters<typeof startConversationSandbox>[0] = {}) {
  sb = await startConversationSandbox(overrides);
  return sb;
}

function token(): string {
  return sb.company.agents.ana.token;
}

async function askUrl(query: string) {
  return sb.api('GET', `/core/v2/file?${query}`, token());
}

async function put(url: string, bytes: Uint8Array, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes), headers: { 'content-type': 'application/octet-stream', ...headers } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
}

/** The three steps, as a client does them; returns the saved file. */
async function upload(name: string, bytes: Uint8Array, type = 'PDF', mimeType = 'application/pdf') {
  const asked = await askUrl(`Type=${type}&Name=${encodeURIComponent(name)}&MimeType=${encodeURIComponent(mimeType)}`);
  expect(asked.status).toBe(200);
  const slot = UploadUrlDTO.parse(asked.body);
  expect((await put(slot.urlUpload, bytes)).status).toBe(200);
  const saved = await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId });
  expect(saved.status).toBe(200);
  return SavedFileDTO.parse(saved.body);
}

/** Ana starts a conversation with Maria; with `replied` Maria answers, opening the window. */
async function conversation(replied: boolean): Promise<string> {
  const res = await sb.api('POST', '/chat/v1/send/template', token(), {
    from: sb.company.channels.official,
    to: sb.company.contacts.mariaPhone,
    templateId: sb.company.templates.lembrete,
    parameters: { nome: 'Maria' },
    options: { department: { id: sb.company.teams.vendas } },
  });
  const sessionId = SendMessageResponse.parse(res.body).sessionId ?? '';
  if (replied) receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'Pode mandar o boleto?' });
  return sessionId;
}

async function messages(sessionId: string) {
  const res = await sb.api('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, token());
  expect(res.status).toBe(200);
  return MessagePage.parse(res.body).items;
}

describe('the files API: upload URL, PUT, save', () => {
  it('stores the bytes as they came and saves them once per tempFileId', async () => {
    await open();
    const asked = await askUrl('Type=PDF&Name=boleto-marco.pdf&MimeType=application/pdf');
    const slot = UploadUrlDTO.parse(asked.body);
    // On the sandbox's own host (the one the client reached), outside /core and /chat.
    expect(slot.urlUpload).toBe(`${sb.url}/uploads/v1/${slot.tempFileId}`);

    expect(await put(slot.urlUpload, PDF)).toEqual({ status: 200, body: null });
    const first = await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId });
    const saved = SavedFileDTO.parse(first.body);
    expect(saved).toMatchObject({ name: 'boleto-marco.pdf', extension: 'pdf', mimeType: 'application/pdf', type: 'PDF', size: PDF.length });
    expect(saved.userId).toBe(sb.company.agents.ana.userId);
    // The DTO has exactly the fields of PublicFileV2DTO (core.json, additionalProperties: false).
    expect(Object.keys(first.body as object).sort()).toEqual(['companyId', 'extension', 'id', 'key', 'mimeType', 'name', 'size', 'type', 'userId']);

    // Saving again (a retry after a lost answer) answers the same file; nothing new is stored.
    const again = SavedFileDTO.parse((await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId })).body);
    expect(again.id).toBe(saved.id);
    expect(storedFile(sb.ctx, saved.id)?.content.equals(PDF)).toBe(true);

    const listed = await sb.api<{ count: number; items: Array<{ id: string; sha256: string }> }>('GET', '/control/v1/files', null);
    expect(listed.body.count).toBe(1);
    const back = await fetch(`${sb.url}/control/v1/files/${saved.id}`);
    expect(back.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await back.arrayBuffer()).equals(PDF)).toBe(true);

    // The slot is closed once saved.
    const late = await put(slot.urlUpload, PDF);
    expect(late.status).toBe(409);
    expect(InternalException.parse(late.body).key).toBe('upload.already_saved');
  });

  it('identifies an UNDEFINED type and a missing MIME type from the name, and names what is missing', async () => {
    await open();
    const saved = await upload('foto da nota.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'UNDEFINED', '');
    expect(saved).toMatchObject({ type: 'IMAGE', mimeType: 'image/jpeg', extension: 'jpg' });

    const noType = await askUrl('Name=boleto.pdf');
    expect(noType.status).toBe(400);
    expect(InternalException.parse(noType.body).text).toContain('"Type"');
    const noName = await askUrl('Type=PDF');
    expect(InternalException.parse(noName.body).text).toContain('"Name"');
    const path = await askUrl('Type=PDF&Name=..%2Fetc%2Fpasswd');
    expect(InternalException.parse(path.body).text).toContain('"Name"');
    const noToken = await sb.api('GET', '/core/v2/file?Type=PDF&Name=a.pdf', null);
    expect(noToken.status).toBe(401);
  });

  it('refuses a token sent to the upload URL, unknown and expired slots, an empty body and a save before the upload', async () => {
    await open();
    const slot = UploadUrlDTO.parse((await askUrl('Type=PDF&Name=boleto.pdf')).body);

    const withToken = await put(slot.urlUpload, PDF, { authorization: `Bearer ${token()}` });
    expect(withToken.status).toBe(400);
    expect(InternalException.parse(withToken.body)).toMatchObject({ key: 'upload.authorization_not_allowed', httpStatusCode: 'BadRequest' });

    const early = await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId });
    expect(early.status).toBe(400);
    expect(InternalException.parse(early.body)).toMatchObject({ key: 'upload.not_uploaded' });
    expect(InternalException.parse(early.body).text).toContain('PUT the file to its urlUpload first');

    const empty = await put(slot.urlUpload, new Uint8Array());
    expect(InternalException.parse(empty.body).key).toBe('upload.empty');

    const unknown = await put(`${sb.url}/uploads/v1/6f2d3c1b-0a9e-4b8d-8c7f-5e4d3c2b1a09`, PDF);
    expect(unknown.status).toBe(404);
    expect(InternalException.parse(unknown.body).text).toContain('ask GET /core/v2/file for a new upload URL');
    const unknownSave = await sb.api('POST', '/core/v2/file', token(), { tempFileId: '6f2d3c1b-0a9e-4b8d-8c7f-5e4d3c2b1a09' });
    expect(unknownSave.status).toBe(404);

    sb.ctx.clock.advance(2 * 60 * 60 * 1000);
    const expired = await put(slot.urlUpload, PDF);
    expect(expired.status).toBe(410);
    expect(InternalException.parse(expired.body).key).toBe('upload.expired');
  });

  it('refuses more bytes than the upload limit, naming it, whether or not the client said how many', async () => {
    await open({ uploadMaxBytes: 1_000 });
    const slot = UploadUrlDTO.parse((await askUrl('Type=PDF&Name=grande.pdf')).body);
    const declared = await put(slot.urlUpload, Buffer.alloc(1_001, 1));
    expect(declared.status).toBe(413);
    expect(InternalException.parse(declared.body)).toMatchObject({ key: 'upload.too_large', details: { max: 1_000, size: 1_001 } });
    expect(InternalException.parse(declared.body).text).toContain('1000 bytes');

    // Streamed without a length: stopped at the limit all the same.
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(800));
        controller.enqueue(new Uint8Array(800));
        controller.close();
      },
    });
    const res = await fetch(slot.urlUpload, { method: 'PUT', body: stream, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(InternalException.parse(await res.json()).key).toBe('upload.too_large');
    expect((await put(slot.urlUpload, Buffer.alloc(1_000, 1))).status).toBe(200);
  });

  it('answers 500 once, before or after the route ran, when a scripted fault is armed for the request', async () => {
    await open();
    const slot = UploadUrlDTO.parse((await askUrl('Type=PDF&Name=boleto.pdf')).body);
    await sb.api('POST', '/control/v1/faults/scripted', null, { method: 'PUT', path: '/uploads/v1', when: 'before' });
    expect((await put(slot.urlUpload, PDF)).status).toBe(500);
    expect((await put(slot.urlUpload, PDF)).status).toBe(200);

    // Saved, but the answer is lost: the retry gets the same file.
    await sb.api('POST', '/control/v1/faults/scripted', null, { method: 'POST', path: '/core/v2/file', when: 'after' });
    const lost = await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId });
    expect(lost.status).toBe(500);
    expect(InternalException.parse(lost.body).key).toBe('sandbox.scripted_fault');
    const retried = SavedFileDTO.parse((await sb.api('POST', '/core/v2/file', token(), { tempFileId: slot.tempFileId })).body);
    expect((await sb.api<{ count: number; items: Array<{ id: string }> }>('GET', '/control/v1/files', null)).body.items.map((f) => f.id)).toEqual([retried.id]);
    expect((await sb.api<{ armed: unknown[] }>('GET', '/control/v1/faults/scripted', null)).body.armed).toEqual([]);
  });
});

describe('a session message carrying a file', () => {
  it('goes out inside the window as a DOCUMENT with its caption, described like the saved file, once per refId', async () => {
    await open();
    const sessionId = await conversation(true);
    const file = await upload('boleto-marco.pdf', PDF);
    const refId = '0b6e7c1a-2d3f-4e5a-9b8c-7d6e5f4a3b2c';
    const body = { text: 'Segue o boleto de março.', fileId: file.id, refId };
    const first = QuickMessageDTO.parse((await sb.api('POST', `/chat/v1/session/${sessionId}/message`, token(), body)).body);
    expect(first.status).toBe('SENT');
    const again = QuickMessageDTO.parse((await sb.api('POST', `/chat/v1/session/${sessionId}/message`, token(), body)).body);
    expect(again.id).toBe(first.id);

    const sent = (await messages(sessionId)).filter((m) => m.fileId !== null && m.fileId !== undefined);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      type: 'DOCUMENT',
      text: 'Segue o boleto de março.',
      refId,
      fileId: file.id,
      details: { file: { id: file.id, name: 'boleto-marco.pdf', extension: 'pdf', mimeType: 'application/pdf', type: 'PDF', size: PDF.length } },
    });
    expect(sent[0]?.details.cost?.category).toBe('SERVICE');
    const event = sb.ctx.events.after(0)?.find((e) => e.eventType === 'MESSAGE_SENT' && MessageDTO.parse(e.content).id === first.id);
    expect(MessageDTO.parse(event?.content).details.file?.name).toBe('boleto-marco.pdf');
  });

  it('is held as WAIT_REPLY outside the window like text, and refused with 131047 in strict mode', async () => {
    await open();
    const sessionId = await conversation(false);
    const file = await upload('contrato.pdf', PDF);
    const held = QuickMessageDTO.parse((await sb.api('POST', `/chat/v1/session/${sessionId}/message`, token(), { fileId: file.id })).body);
    expect(held.status).toBe('WAIT_REPLY');
    const row = (await messages(sessionId)).find((m) => m.id === held.id);
    expect(row).toMatchObject({ type: 'DOCUMENT', text: null, details: { waitReply: true } });

    receiveInboundMessage(sb.ctx, { contactId: sb.company.contacts.maria, text: 'oi' });
    expect((await messages(sessionId)).find((m) => m.id === held.id)?.status).toMatch(/SENT|DELIVERED|READ/);

    await sb.api('PUT', '/control/v1/window-mode', null, { strict: true });
    sb.ctx.clock.advance(25 * 60 * 60 * 1000);
    const before = (await messages(sessionId)).length;
    const refused = await sb.api('POST', `/chat/v1/session/${sessionId}/message`, token(), { fileId: file.id, text: 'de novo' });
    expect(refused.status).toBe(400);
    expect(InternalException.parse(refused.body).key).toBe('whatsapp.131047');
    expect(await messages(sessionId)).toHaveLength(before);
  });

  it('takes a public link as the file, and refuses an unknown file, a long caption, a caption on audio and an image over 5 MB', async () => {
    await open();
    const sessionId = await conversation(true);
    const path = `/chat/v1/session/${sessionId}/message`;
    const linked = QuickMessageDTO.parse((await sb.api('POST', path, token(), { fileUrl: 'https://cdn.loja.com.br/fotos/produto%201.png', text: 'Olha' })).body);
    expect((await messages(sessionId)).find((m) => m.id === linked.id)).toMatchObject({
      type: 'IMAGE',
      details: { file: { name: 'produto 1.png', publicUrl: 'https://cdn.loja.com.br/fotos/produto%201.png', type: 'IMAGE' } },
    });

    const unknown = await sb.api('POST', path, token(), { fileId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' });
    expect(InternalException.parse(unknown.body)).toMatchObject({ key: 'file.not_found', details: { field: 'fileId' } });

    const pdf = await upload('boleto.pdf', PDF);
    const long = await sb.api('POST', path, token(), { fileId: pdf.id, text: 'x'.repeat(1025) });
    expect(InternalException.parse(long.body)).toMatchObject({ key: 'message.caption_too_long', details: { max: 1024 } });

    const audio = await upload('recado.ogg', Buffer.from('OggS fake'), 'AUDIO', 'audio/ogg');
    const captioned = await sb.api('POST', path, token(), { fileId: audio.id, text: 'ouça' });
    expect(InternalException.parse(captioned.body).key).toBe('message.caption_not_allowed');
    const bare = QuickMessageDTO.parse((await sb.api('POST', path, token(), { fileId: audio.id })).body);
    expect((await messages(sessionId)).find((m) => m.id === bare.id)?.type).toBe('AUDIO');

    const photo = await upload('foto.jpg', Buffer.alloc(5_000_001, 1), 'IMAGE', 'image/jpeg');
    const big = await sb.api('POST', path, token(), { fileId: photo.id });
    expect(InternalException.parse(big.body)).toMatchObject({ key: 'message.file_too_large', details: { max: 5_000_000 } });

    const both = await sb.api('POST', path, token(), { fileId: pdf.id, fileUrl: 'https://cdn.loja.com.br/a.pdf' });
    expect(InternalException.parse(both.body).key).toBe('validation.file_url_or_id');
    const neither = await sb.api('POST', path, token(), {});
    expect(InternalException.parse(neither.body).key).toBe('validation.text_or_template');
  });
});

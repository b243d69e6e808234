/**
 * A contact sends a file (a photo of a receipt, a PDF) through the control API: the message it
 * becomes carries PublicFileDTO as chat.json has it, and its public URLs answer the bytes, with no
 * token (and refuse one), 404 for anything unknown.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageDTO, MessagePage, SessionDTO } from '../../src/api/helena-dto';
import { startConversationSandbox, type ConversationSandbox } from '../conversations/test-fixture';

let sb: ConversationSandbox;
afterEach(async () => {
  await sb.close();
});

/** The smallest JPEG header a sniffer takes for one, and a PDF. */
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0 comprovante pix'), Buffer.from([0xff, 0xd9])]);
const PDF = Buffer.from('%PDF-1.4\n% comprovante\n%%EOF\n');

/** chat.json's PublicFileDTO: additionalProperties false, so no field of ours may stray outside it. */
const PUBLIC_FILE_FIELDS = Object.keys(
  (JSON.parse(readFileSync(join(__dirname, '../../../shared/helena-openapi/chat.json'), 'utf8')) as {
    components: { schemas: { PublicFileDTO: { properties: Record<string, unknown> } } };
  }).components.schemas.PublicFileDTO.properties,
);

async function inbound(body: Record<string, unknown>) {
  return sb.api<Record<string, unknown>>('POST', '/control/v1/inbound', null, { contactId: sb.company.contacts.maria, ...body });
}

describe('a file the contact sends', () => {
  it('becomes a TO_HUB message whose PublicFileDTO links to the bytes, readable without a token', async () => {
    sb = await startConversationSandbox();
    const sent = await inbound({ text: 'Segue o comprovante', file: { name: 'comprovante.jpg', mimeType: 'image/jpeg', data: JPEG.toString('base64') } });
    expect(sent.status).toBe(200);
    const message = MessageDTO.parse(sent.body.message);
    const sessionId = SessionDTO.parse(sent.body.session).id;
    expect(message).toMatchObject({ direction: 'TO_HUB', type: 'IMAGE', text: 'Segue o comprovante' });
    const file = message.details.file;
    expect(file).toMatchObject({ name: 'comprovante.jpg', extension: 'jpg', mimeType: 'image/jpeg', type: 'IMAGE', size: JPEG.length });
    expect(message.fileId).toBe(file?.id);
    expect(Object.keys((sent.body.message as { details: { file: object } }).details.file).filter((k) => !PUBLIC_FILE_FIELDS.includes(k))).toEqual([]);

    // The agent's API lists it the same way.
    const listed = await sb.api('GET', `/chat/v1/session/${sessionId}/message?PageSize=100`, sb.company.agents.ana.token);
    expect(MessagePage.parse(listed.body).items.find((m) => m.id === message.id)?.details.file?.publicUrl).toBe(file?.publicUrl);

    const shown = await fetch(file?.publicUrl ?? '');
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await shown.arrayBuffer()).equals(JPEG)).toBe(true);
    const saved = await fetch(file?.publicUrlDownload ?? '');
    expect(saved.headers.get('content-disposition')).toMatch(/^attachment; .*filename\*=UTF-8''comprovante\.jpg$/);
    expect(Buffer.from(await saved.arrayBuffer()).equals(JPEG)).toBe(true);
  });

  it('takes a PDF without a caption (the conversation shows its name) and refuses a token or an unknown file', async () => {
    sb = await startConversationSandbox();
    const sent = await inbound({ file: { name: 'boleto março.pdf', mimeType: '', data: PDF.toString('base64') } });
    expect(sent.status).toBe(200);
    const message = MessageDTO.parse(sent.body.message);
    expect(message).toMatchObject({ type: 'DOCUMENT', text: null });
    expect(message.details.file).toMatchObject({ name: 'boleto março.pdf', mimeType: 'application/pdf', type: 'PDF', size: PDF.length });
    expect(SessionDTO.parse(sent.body.session).lastMessageText).toBe('📎 boleto março.pdf');
    const url = message.details.file?.publicUrl ?? '';

    const withToken = await fetch(url, { headers: { authorization: `Bearer ${sb.company.agents.ana.token}` } });
    expect(withToken.status).toBe(400);
    expect(await withToken.json()).toMatchObject({ key: 'file.authorization_not_allowed' });
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/files/v1/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${origin}/files/v1/..%2F..%2Fetc`)).status).toBe(404);
  });

  it('validates the file before anything is written', async () => {
    sb = await startConversationSandbox();
    expect((await inbound({})).status).toBe(400);
    expect((await inbound({ file: { name: '../x.pdf', mimeType: 'application/pdf', data: PDF.toString('base64') } })).status).toBe(400);
    expect((await inbound({ file: { name: 'x.pdf', mimeType: 'application/pdf', data: 'não é base64!' } })).status).toBe(400);
    expect((await inbound({ file: { name: 'x.pdf', mimeType: 'application/pdf', data: PDF.toString('base64'), extra: 1 } })).status).toBe(400);
    expect(sb.ctx.db.prepare("SELECT count(*) FROM messages WHERE direction = 'TO_HUB'").pluck().get()).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  attachmentIssueText,
  attachmentKindOfMessageType,
  attachmentTypeOf,
  base64Length,
  checkAttachment,
  checkAttachmentContent,
  checkCaption,
  decodedBase64Length,
  formatBytes,
  MAX_ATTACHMENT_BYTES,
  MAX_CAPTION_LENGTH,
  WHATSAPP_MAX_BYTES,
} from './attachments';
import { translate } from './messages';

describe('attachment types', () => {
  it('goes by the declared MIME type, then by the extension when the system declared nothing useful', () => {
    expect(attachmentTypeOf('boleto.pdf', 'application/pdf')).toEqual({ mimeType: 'application/pdf', kind: 'document', messageType: 'DOCUMENT', uploadType: 'PDF' });
    expect(attachmentTypeOf('boleto.PDF', '')).toMatchObject({ mimeType: 'application/pdf', uploadType: 'PDF' });
    expect(attachmentTypeOf('boleto.pdf', 'application/octet-stream')).toMatchObject({ mimeType: 'application/pdf' });
    expect(attachmentTypeOf('foto', 'image/jpg')).toMatchObject({ mimeType: 'image/jpeg', kind: 'image', messageType: 'IMAGE', uploadType: 'IMAGE' });
    expect(attachmentTypeOf('nota.xlsx', '')).toMatchObject({ kind: 'document', uploadType: 'EXCEL' });
    expect(attachmentTypeOf('contrato.docx', '')).toMatchObject({ kind: 'document', uploadType: 'WORD' });
    expect(attachmentTypeOf('recado.ogg', 'audio/ogg; codecs=opus')).toMatchObject({ kind: 'audio', messageType: 'AUDIO', uploadType: 'AUDIO' });
    expect(attachmentTypeOf('video.mp4', 'video/mp4')).toMatchObject({ kind: 'video', messageType: 'VIDEO' });
    expect(attachmentTypeOf('programa.exe', 'application/x-msdownload')).toBeNull();
    expect(attachmentTypeOf('figurinha.webp', 'image/webp')).toBeNull();
    expect(attachmentTypeOf('semextensao', '')).toBeNull();
  });

  it('lists every accepted extension for the file picker and maps message types back to kinds', () => {
    expect(ATTACHMENT_ACCEPT.split(',')).toEqual(expect.arrayContaining(['.pdf', '.jpg', '.png', '.mp4', '.mp3', '.docx', '.xlsx']));
    expect(attachmentKindOfMessageType('DOCUMENT')).toBe('document');
    expect(attachmentKindOfMessageType('AUDIO')).toBe('audio');
    expect(attachmentKindOfMessageType('TEXT')).toBeNull();
    expect(attachmentKindOfMessageType(null)).toBeNull();
  });
});

describe('attachment limits', () => {
  it('keeps WhatsApp’s limit per kind under the app’s 16 MB cap', () => {
    expect(MAX_ATTACHMENT_BYTES).toBe(16_000_000);
    expect(ATTACHMENT_MAX_BYTES).toEqual({ document: 16_000_000, image: 5_000_000, video: 16_000_000, audio: 16_000_000 });
    expect(WHATSAPP_MAX_BYTES.document).toBe(100_000_000);
  });

  it('refuses with a sentence that names the file, its size and the limit, in either language', () => {
    expect(checkAttachment({ name: 'boleto.pdf', mimeType: 'application/pdf', size: 120_000 })).toBeNull();
    expect(checkAttachment({ name: 'foto.jpg', mimeType: 'image/jpeg', size: 5_000_000 })).toBeNull();

    const big = checkAttachment({ name: 'foto.jpg', mimeType: 'image/jpeg', size: 5_000_001 });
    expect(big).toMatchObject({ problem: 'too_big', kind: 'image', code: 'attachment.too_big_image', values: { size: 5_000_001, max: 5_000_000 } });
    expect(big?.message).toBe('"foto.jpg" tem 5.000.001 bytes; o WhatsApp aceita imagens de até 5 MB. Diminua a imagem ou anexe-a em PDF.');
    const huge = checkAttachment({ name: 'manual.pdf', mimeType: 'application/pdf', size: 23_400_000 });
    expect(huge?.message).toBe('"manual.pdf" tem 23 MB; o Helena Desk envia documentos de até 16 MB. Diminua o arquivo (um PDF menor, por exemplo) ou envie um link.');
    if (!huge) throw new Error('expected an issue');
    expect(attachmentIssueText(huge, 'en')).toBe('"manual.pdf" is 23 MB; Helena Desk sends documents of up to 16 MB. Make the file smaller (a smaller PDF, say) or send a link.');

    expect(checkAttachment({ name: 'setup.exe', mimeType: '', size: 10 })).toMatchObject({ problem: 'type_not_allowed', kind: null });
    expect(checkAttachment({ name: 'vazio.pdf', mimeType: 'application/pdf', size: 0 })).toMatchObject({ problem: 'empty', kind: 'document' });
    for (const name of ['', '   ', '../boleto.pdf', 'a\\b.pdf', 'linha\nnova.pdf', `${'a'.repeat(252)}.pdf`]) {
      expect(checkAttachment({ name, mimeType: 'application/pdf', size: 10 })?.problem, JSON.stringify(name)).toBe('name_invalid');
    }
  });

  it('takes a caption of up to 1024 characters, and none on audio', () => {
    expect(checkCaption(undefined, 'document')).toBeNull();
    expect(checkCaption('   ', 'audio')).toBeNull();
    expect(checkCaption('Segue o boleto de março.', 'document')).toBeNull();
    expect(checkCaption('x'.repeat(MAX_CAPTION_LENGTH), 'image')).toBeNull();
    expect(checkCaption('x'.repeat(MAX_CAPTION_LENGTH + 1), 'image')).toMatchObject({ problem: 'too_long', values: { length: 1025, max: 1024 } });
    expect(checkCaption('ouça', 'audio')).toMatchObject({ problem: 'audio', code: 'attachment.caption_audio' });
  });
});

describe('sizes and base64', () => {
  it('writes sizes as each language does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(120_400)).toBe('120 KB');
    expect(formatBytes(1_234_567, 'pt-BR')).toBe('1,2 MB');
    expect(formatBytes(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatBytes(16_000_000)).toBe('16 MB');
  });

  it('knows what a padded base64 text decodes to without decoding it', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 16_000_000]) {
      expect(base64Length(n)).toBe(Buffer.alloc(n).toString('base64').length);
    }
    for (const n of [1, 2, 3, 10, 11, 12]) {
      expect(decodedBase64Length(Buffer.alloc(n, 7).toString('base64'))).toBe(n);
    }
    expect(decodedBase64Length('abc')).toBe(-1);
  });
});

describe("a file's bytes against its name", () => {
  const bytes = (...parts: Array<string | number[]>) =>
    new Uint8Array(Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(64, 0x20)]));
  const PDF = bytes('%PDF-1.7\n');
  const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0]);
  const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ZIP = bytes([0x50, 0x4b, 0x03, 0x04]);
  const OLE = bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  const MP4 = bytes([0, 0, 0, 0x20], 'ftypisom');
  const HEIC = bytes([0, 0, 0, 0x18], 'ftypheic');
  const WEBP = bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ');
  const EXE = bytes('MZ', [0x90, 0]);
  const UTF16_TEXT = bytes([0xff, 0xfe], 'O\0l\0a\0');
  const MP3_NO_TAG = bytes([0xff, 0xfb, 0x90, 0x64]);

  function outcome(name: string, mimeType: string, head: Uint8Array): string {
    const type = attachmentTypeOf(name, mimeType);
    if (!type) throw new Error(`no type for ${name}`);
    const checked = checkAttachmentContent(name, type, head);
    return 'issue' in checked ? `${checked.issue.code} ${checked.issue.values.format}` : checked.type.mimeType;
  }

  it.each([
    // What the name says, and the bytes agree.
    ['boleto.pdf', 'application/pdf', PDF, 'application/pdf'],
    ['foto.jpg', 'image/jpeg', JPEG, 'image/jpeg'],
    ['contrato.docx', '', ZIP, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['planilha.xls', '', OLE, 'application/vnd.ms-excel'],
    ['video.mp4', 'video/mp4', MP4, 'video/mp4'],
    // A PDF with a few bytes before its header still opens everywhere.
    ['nota.pdf', 'application/pdf', bytes('\r\n\r\n%PDF-1.4'), 'application/pdf'],
    // A screenshot saved as .jpg: sent as the PNG it is.
    ['print.jpg', 'image/jpeg', PNG, 'image/png'],
    // Formats whose signature is optional or weak: nothing to hold against the file.
    ['recado.mp3', 'audio/mpeg', MP3_NO_TAG, 'audio/mpeg'],
    ['recado.mp3', 'audio/mpeg', bytes('qualquer coisa'), 'audio/mpeg'],
    ['notas.txt', 'text/plain', UTF16_TEXT, 'text/plain'],
    // Not what the name says.
    ['contrato.pdf', 'application/pdf', ZIP, 'attachment.content_mismatch PDF'],
    ['boleto.pdf', 'application/pdf', bytes('<html><body>boleto</body></html>'), 'attachment.content_mismatch PDF'],
    ['contrato.docx', '', PDF, 'attachment.content_mismatch DOCX'],
    ['notas.txt', 'text/plain', PDF, 'attachment.content_mismatch TXT'],
    ['IMG_0042.jpg', 'image/jpeg', HEIC, 'attachment.image_format HEIC'],
    ['foto.png', 'image/png', WEBP, 'attachment.image_format WebP'],
    ['foto.jpg', 'image/jpeg', PDF, 'attachment.content_mismatch JPG'],
    ['boleto.pdf', 'application/pdf', EXE, 'attachment.program PDF'],
  ])('%s (%s) → %s', (name, mimeType, head, expected) => {
    expect(outcome(name, mimeType, head)).toBe(expected);
  });

  it('says it in both languages, naming the file and its format', () => {
    const type = attachmentTypeOf('contrato.pdf', 'application/pdf');
    const checked = type && checkAttachmentContent('contrato.pdf', type, ZIP);
    if (!checked || !('issue' in checked)) throw new Error('expected an issue');
    expect(checked.issue.message).toContain('O conteúdo de "contrato.pdf" não é de um arquivo PDF');
    expect(translate(checked.issue.code, checked.issue.values, 'en')).toContain('The content of "contrato.pdf" is not a PDF file');
  });
});

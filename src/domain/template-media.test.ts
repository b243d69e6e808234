import { describe, expect, it } from 'vitest';
import { translate } from './messages';
import { checkTemplateMedia, isMediaFileId, isValidMediaRef, templateMediaKind } from './template-media';

describe('templateMediaKind', () => {
  it('reads HelenaCRM fileType (and message type) as the kind the agent reads; anything else has no media', () => {
    expect(templateMediaKind('IMAGE')).toBe('image');
    expect(templateMediaKind('VIDEO')).toBe('video');
    expect(templateMediaKind('DOCUMENT')).toBe('document');
    for (const none of ['UNDEFINED', null, undefined, '', 'TEXT', 'image', 'constructor']) expect(templateMediaKind(none)).toBeNull();
  });
});

describe('isValidMediaRef', () => {
  it.each([
    ['https://cdn.loja.com.br/catalogo.jpg', true],
    ['  https://cdn.loja.com.br/catalogo.jpg  ', true],
    ['https://cdn.loja.com.br/a%20b.pdf?v=2#p1', true],
    ['http://127.0.0.1:4010/files/catalogo.jpg', true],
    ['http://localhost/x.png', true],
    ['http://[::1]:8080/x.png', true],
    ['3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b', true],
    ['3F1C2B4A-5D6E-4F70-8A9B-0C1D2E3F4A5B', true],
    ['http://cdn.loja.com.br/catalogo.jpg', false],
    ['http://127.0.0.1.evil.com/x.png', false],
    ['ftp://cdn.loja.com.br/x.png', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['cdn.loja.com.br/catalogo.jpg', false],
    ['https://user:senha@cdn.loja.com.br/x.png', false],
    ['https://cdn.loja.com.br/a b.jpg', false],
    ['https://', false],
    ['', false],
    ['   ', false],
    ['3f1c2b4a-5d6e-4f70-8a9b', false],
    // Not a UUID the wire schemas accept (version 0, variant c): neither an id nor a link.
    ['5a0e8d2c-1b3f-0c6d-ce7a-2f4b6c8d0e1a', false],
    [`https://cdn.loja.com.br/${'a'.repeat(2100)}`, false],
  ])('%j → %s', (value, ok) => {
    expect(isValidMediaRef(value)).toBe(ok);
  });

  it('tells a file id from a link', () => {
    expect(isMediaFileId('3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b')).toBe(true);
    expect(isMediaFileId('https://cdn.loja.com.br/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b')).toBe(false);
  });
});

describe('checkTemplateMedia', () => {
  it('a template with media needs it, with one message per kind in pt-BR and en', () => {
    expect(checkTemplateMedia('image', undefined)).toMatchObject({
      problem: 'missing',
      kind: 'image',
      code: 'template.media.missing_image',
      message: 'Este modelo tem imagem: informe o link público da imagem (https://…).',
    });
    expect(checkTemplateMedia('video', '  ')?.message).toBe('Este modelo tem vídeo: informe o link público do vídeo (https://…).');
    const document = checkTemplateMedia('document', null);
    expect(document?.message).toBe('Este modelo tem documento: informe o link público do documento (https://…).');
    expect(document && translate(document.code, document.values, 'en')).toBe('This template has a document: enter the public link to the document (https://…).');
  });

  it('refuses a link that is not public https (nor a file id), naming the kind', () => {
    const issue = checkTemplateMedia('image', 'http://cdn.loja.com.br/catalogo.jpg');
    expect(issue).toMatchObject({ problem: 'invalid', kind: 'image', code: 'template.media.invalid_image' });
    expect(issue?.message).toMatch(/^O link da imagem precisa ser um endereço público https:\/\//);
    expect(checkTemplateMedia('document', 'proposta.pdf')?.code).toBe('template.media.invalid_document');
  });

  it('accepts a link or a file id for a media template, nothing for a template without media', () => {
    expect(checkTemplateMedia('image', 'https://cdn.loja.com.br/catalogo.jpg')).toBeNull();
    expect(checkTemplateMedia('document', '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b')).toBeNull();
    expect(checkTemplateMedia(null, undefined)).toBeNull();
    expect(checkTemplateMedia(null, '')).toBeNull();
    expect(checkTemplateMedia(null, 'https://cdn.loja.com.br/catalogo.jpg')).toMatchObject({
      problem: 'unexpected',
      kind: null,
      message: 'Este modelo não tem mídia: não informe link de arquivo.',
    });
  });
});

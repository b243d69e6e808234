import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES } from '../options';
import { ApiError } from '../http-errors';
import { categoryOfTemplate } from '../../src/domain/cost';
import { priceMessage } from './cost';
import type { ChannelRow, TemplateRow } from './repo';
import { assertTemplateUsable, assertTextLength, checkedTemplateFile, paramNamesOf, renderCheckedTemplate } from './rules';
import { WINDOW_MS, windowStatusOf } from './window';

const official: ChannelRow = { id: 'c-off', type: 'CloudAPI_WhatsApp', number: '+551140001000', display_name: 'Oficial', active: 1 };
const qr: ChannelRow = { id: 'c-qr', type: 'EvolutionApi_WhatsApp', number: '+551140002000', display_name: 'QR', active: 1 };
const instagram: ChannelRow = { id: 'c-ig', type: 'Instagram', number: null, display_name: '@loja', active: 1 };

function template(overrides: Partial<TemplateRow> = {}): TemplateRow {
  return {
    id: 't1',
    channel_id: 'c-off',
    name: 'boas_vindas',
    text: 'Olá {{nome}}, protocolo {{protocolo}}',
    status: 'Approved',
    kinds: '["TEMPLATE"]',
    params: '["nome","protocolo"]',
    category_name: 'Marketing',
    file_type: 'UNDEFINED',
    department_ids: '[]',
    active: 1,
    archived: 0,
    ...overrides,
  };
}

function keyOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof ApiError) return err.key;
    throw err;
  }
  return 'no error';
}

describe('window status', () => {
  const now = Date.parse('2025-03-10T12:00:00.000Z');
  it('is NOT_STARTED until the contact writes, ACTIVE for 24 h, then EXPIRED', () => {
    expect(windowStatusOf('CloudAPI_WhatsApp', null, now)).toBe('NOT_STARTED');
    expect(windowStatusOf('CloudAPI_WhatsApp', new Date(now - WINDOW_MS + 1).toISOString(), now)).toBe('ACTIVE');
    expect(windowStatusOf('CloudAPI_WhatsApp', new Date(now - WINDOW_MS).toISOString(), now)).toBe('EXPIRED');
  });
  it('is always ACTIVE on QR channels', () => {
    expect(windowStatusOf('EvolutionApi_WhatsApp', null, now)).toBe('ACTIVE');
    expect(windowStatusOf('ZAPI_WhatsApp', '2000-01-01T00:00:00.000Z', now)).toBe('ACTIVE');
  });
});

describe('cost', () => {
  it('maps HelenaCRM category names in Portuguese and English (the domain rule the sandbox prices with)', () => {
    const whatsappCategoryOf = (name: string | null) => categoryOfTemplate(name).category;
    expect(whatsappCategoryOf('Marketing')).toBe('MARKETING');
    expect(whatsappCategoryOf('Utilidade')).toBe('UTILITY');
    expect(whatsappCategoryOf('utility')).toBe('UTILITY');
    expect(whatsappCategoryOf('Autenticação')).toBe('AUTHENTICATION');
    expect(whatsappCategoryOf('Authentication')).toBe('AUTHENTICATION');
    expect(whatsappCategoryOf(null)).toBe('MARKETING');
  });
  it('prices by the recipient country, falling back to *', () => {
    expect(priceMessage(DEFAULT_PRICES, 'MARKETING', '+5511987654321')).toEqual({ category: 'MARKETING', country: 'BR', amount: 0.0625, currency: 'USD' });
    expect(priceMessage(DEFAULT_PRICES, 'UTILITY', '+351912345678')).toEqual({ category: 'UTILITY', country: 'PT', amount: 0.0113, currency: 'USD' });
    expect(priceMessage(DEFAULT_PRICES, 'SERVICE', '+5511987654321').amount).toBe(0);
    expect(priceMessage({ MARKETING: { BR: { amount: 1.5, currency: 'BRL' } } }, 'MARKETING', '+5511987654321').amount).toBe(1.5);
  });
});

describe('text and template rules', () => {
  it('accepts 4096 characters and refuses 4097', () => {
    expect(keyOf(() => assertTextLength('a'.repeat(4096)))).toBe('no error');
    expect(keyOf(() => assertTextLength('a'.repeat(4097)))).toBe('message.text_too_long');
  });

  it('accepts an approved attendance template of the channel', () => {
    expect(assertTemplateUsable(template(), official, 'team').id).toBe('t1');
    expect(assertTemplateUsable(template({ channel_id: null, kinds: '["QUICKREPLY"]' }), official, 'team').id).toBe('t1');
  });

  it('refuses what WhatsApp or HelenaCRM would refuse', () => {
    expect(keyOf(() => assertTemplateUsable(undefined, official, null))).toBe('template.not_found');
    expect(keyOf(() => assertTemplateUsable(template({ status: 'InRevision' }), official, null))).toBe('template.not_approved');
    expect(keyOf(() => assertTemplateUsable(template({ channel_id: 'other' }), official, null))).toBe('template.wrong_channel');
    expect(keyOf(() => assertTemplateUsable(template({ kinds: '["TEMPLATE_CAMPAIGN"]' }), official, null))).toBe('template.wrong_type');
    expect(keyOf(() => assertTemplateUsable(template({ archived: 1 }), official, null))).toBe('template.inactive');
    expect(keyOf(() => assertTemplateUsable(template({ department_ids: '["t-a"]' }), official, 't-b'))).toBe('template.team_not_allowed');
    expect(keyOf(() => assertTemplateUsable(template({ channel_id: null }), instagram, null))).toBe('channel.template_unsupported');
  });

  it('needs no approval on QR channels', () => {
    expect(assertTemplateUsable(template({ channel_id: 'c-qr', status: 'Draft' }), qr, null).id).toBe('t1');
  });

  it('renders checked parameters and names the first bad one, listing all', () => {
    expect(renderCheckedTemplate(template(), { nome: 'Maria', protocolo: '123' })).toBe('Olá Maria, protocolo 123');
    try {
      renderCheckedTemplate(template(), { nome: 'Maria\tSilva' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ApiError);
      const apiError = err as ApiError;
      expect(apiError.text).toContain('"nome"');
      expect(apiError.details).toMatchObject({ parameters: [{ param: 'nome', problem: 'newline_or_tab' }, { param: 'protocolo', problem: 'missing' }] });
    }
  });

  it('reads parameter names stored as strings or objects, else from the text', () => {
    expect(paramNamesOf({ params: '[{"name":"a"}]', text: '' })).toEqual(['a']);
    expect(paramNamesOf({ params: '[]', text: '{{x}} e {{ y }}' })).toEqual(['x', 'y']);
  });

  it('asks a media template for its file (URL or uploaded file id) and ignores a file given to a text template', () => {
    const catalog = template({ name: 'catalogo', file_type: 'IMAGE' });
    expect(keyOf(() => checkedTemplateFile(catalog, undefined, 'fileIdOrUrl'))).toBe('template.file_required');
    expect(keyOf(() => checkedTemplateFile(catalog, '  ', 'fileIdOrUrl'))).toBe('template.file_required');
    expect(keyOf(() => checkedTemplateFile(catalog, 'catalogo.jpg', 'fileIdOrUrl'))).toBe('validation.invalid_file');
    expect(keyOf(() => checkedTemplateFile(catalog, 'http://cdn.loja.com.br/catalogo.jpg', 'fileIdOrUrl'))).toBe('validation.invalid_file');
    try {
      checkedTemplateFile(catalog, null, 'fileUrl');
      expect.unreachable();
    } catch (err) {
      expect((err as ApiError).details).toEqual({ field: 'fileUrl', fileType: 'IMAGE' });
      expect((err as ApiError).text).toContain('"fileUrl"');
    }
    expect(checkedTemplateFile(catalog, ' https://cdn.loja.com.br/catalogo.jpg ', 'fileIdOrUrl')).toEqual({
      type: 'IMAGE',
      fileId: null,
      fileUrl: 'https://cdn.loja.com.br/catalogo.jpg',
    });
    expect(checkedTemplateFile(template({ file_type: 'DOCUMENT' }), '3F1C2B4A-5D6E-4F70-8A9B-0C1D2E3F4A5B', 'fileIdOrUrl')).toEqual({
      type: 'DOCUMENT',
      fileId: '3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b',
      fileUrl: null,
    });
    expect(checkedTemplateFile(template(), 'https://cdn.loja.com.br/catalogo.jpg', 'fileIdOrUrl')).toBeNull();
  });
});

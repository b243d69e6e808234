import { describe, expect, it } from 'vitest';
import {
  categoryOfTemplate,
  estimateCost,
  explainCost,
  formatMoney,
  PriceTableSchema,
  type PriceTable,
  type SendForCost,
} from './cost';

const NBSP = '\u00a0';

// The sandbox's default table (sandbox/options.ts), copied: the domain may not import the sandbox.
const PRICES: PriceTable = {
  MARKETING: { BR: { amount: 0.0625, currency: 'USD' }, '*': { amount: 0.0741, currency: 'USD' } },
  UTILITY: { BR: { amount: 0.008, currency: 'USD' }, '*': { amount: 0.0113, currency: 'USD' } },
  AUTHENTICATION: { BR: { amount: 0.0315, currency: 'USD' }, '*': { amount: 0.0135, currency: 'USD' } },
  SERVICE: { '*': { amount: 0, currency: 'USD' } },
};

describe('categoryOfTemplate', () => {
  const table: [string | null | undefined, string, boolean][] = [
    ['Marketing', 'MARKETING', true],
    ['MARKETING', 'MARKETING', true],
    ['Utilidade', 'UTILITY', true],
    ['Utility', 'UTILITY', true],
    [' utilidade ', 'UTILITY', true],
    ['Autenticação', 'AUTHENTICATION', true],
    ['AUTENTICACAO', 'AUTHENTICATION', true],
    ['Authentication', 'AUTHENTICATION', true],
    ['Promoções', 'MARKETING', false],
    ['constructor', 'MARKETING', false],
    ['', 'MARKETING', false],
    [null, 'MARKETING', false],
    [undefined, 'MARKETING', false],
  ];
  for (const [name, category, recognised] of table) {
    it(`${JSON.stringify(name)} → ${category}${recognised ? '' : ' (assumed, the most expensive)'}`, () => {
      expect(categoryOfTemplate(name)).toEqual({ category, recognised });
    });
  }

  it('assumes the most expensive category of the table', () => {
    for (const country of ['BR', '*'] as const) {
      const prices = (['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const).map((c) => PRICES[c]?.[country]?.amount ?? 0);
      expect(Math.max(...prices)).toBe(PRICES.MARKETING?.[country]?.amount);
    }
  });
});

describe('estimateCost', () => {
  const official = 'CLOUDAPI_WHATSAPP';
  const table: { name: string; send: SendForCost; country: string | null; expected: Record<string, unknown>; explanation: string }[] = [
    {
      name: 'marketing template to Brazil',
      send: { kind: 'template', channelType: official, categoryName: 'Marketing' },
      country: 'BR',
      expected: { category: 'MARKETING', amount: 0.0625, currency: 'USD', charged: true, country: 'BR', code: 'cost.template' },
      explanation: `Modelo de categoria Marketing para o Brasil: cobrado por mensagem entregue (US$${NBSP}0,0625).`,
    },
    {
      name: 'utility template to Portugal: the "*" row',
      send: { kind: 'template', channelType: 'Dialog360_WhatsApp', categoryName: 'Utilidade' },
      country: 'PT',
      expected: { category: 'UTILITY', amount: 0.0113, currency: 'USD', charged: true, country: '*' },
      explanation: `Modelo de categoria Utilidade para outros países: cobrado por mensagem entregue (US$${NBSP}0,0113).`,
    },
    {
      name: 'authentication template, recipient country unknown',
      send: { kind: 'template', channelType: official, categoryName: 'Autenticação' },
      country: null,
      expected: { category: 'AUTHENTICATION', amount: 0.0135, charged: true, country: '*' },
      explanation: `Modelo de categoria Autenticação para outros países: cobrado por mensagem entregue (US$${NBSP}0,0135).`,
    },
    {
      name: 'unknown category priced as marketing, said so',
      send: { kind: 'template', channelType: official, categoryName: 'Promoções' },
      country: 'br',
      expected: { category: 'MARKETING', amount: 0.0625, charged: true, code: 'cost.template_unknown_category' },
      explanation: `Categoria do modelo não reconhecida ("Promoções"): estimado como Marketing, a mais cara (US$${NBSP}0,0625).`,
    },
    {
      name: 'free text inside the window: SERVICE, free',
      send: { kind: 'text', channelType: official },
      country: 'BR',
      expected: { category: 'SERVICE', amount: 0, currency: 'USD', charged: false, code: 'cost.free_text' },
      explanation: 'Texto livre é respondido dentro da janela de 24 horas (categoria Serviço): sem custo.',
    },
    {
      name: 'template on a QR channel: no charge',
      send: { kind: 'template', channelType: 'ZAPI_WhatsApp', categoryName: 'Marketing' },
      country: 'BR',
      expected: { category: 'MARKETING', amount: 0, charged: false, code: 'cost.unofficial_channel' },
      explanation: 'Canal não oficial (QR Code): o WhatsApp não cobra por mensagem.',
    },
    {
      name: 'text on a QR channel: no charge',
      send: { kind: 'text', channelType: 'EVOLUTIONAPI_WHATSAPP' },
      country: 'BR',
      expected: { category: 'SERVICE', amount: 0, charged: false, code: 'cost.unofficial_channel' },
      explanation: 'Canal não oficial (QR Code): o WhatsApp não cobra por mensagem.',
    },
    {
      name: 'Instagram: no charge',
      send: { kind: 'text', channelType: 'INSTAGRAM' },
      country: 'BR',
      expected: { category: 'SERVICE', amount: 0, charged: false, code: 'cost.other_channel' },
      explanation: 'Instagram e Messenger não cobram por mensagem.',
    },
  ];
  for (const { name, send, country, expected, explanation } of table) {
    it(name, () => {
      const estimate = estimateCost(send, PRICES, country);
      expect(estimate).toMatchObject(expected);
      expect(estimate.explanation).toBe(explanation);
    });
  }

  it('uses the configured prices, never built-in ones', () => {
    const prices: PriceTable = { MARKETING: { BR: { amount: 0.35, currency: 'BRL' } } };
    const estimate = estimateCost({ kind: 'template', channelType: 'CLOUDAPI_WHATSAPP', categoryName: 'Marketing' }, prices, 'BR');
    expect(estimate).toMatchObject({ amount: 0.35, currency: 'BRL', charged: true });
    expect(estimate.explanation).toContain(`R$${NBSP}0,35`);
  });

  it('says a charged send has no price when the table lacks one, instead of claiming it is free', () => {
    const prices: PriceTable = { MARKETING: { BR: { amount: 0.35, currency: 'BRL' } } };
    const estimate = estimateCost({ kind: 'template', channelType: 'CLOUDAPI_WHATSAPP', categoryName: 'Marketing' }, prices, 'AR');
    expect(estimate).toMatchObject({ amount: null, currency: null, charged: true, code: 'cost.price_missing' });
    expect(estimate.explanation).toBe('Modelo de categoria Marketing: cobrado, mas não há preço configurado para a Argentina.');
  });

  it('puts the country after "para" with its article, or none where pt-BR takes none', () => {
    const row = { amount: 0.05, currency: 'USD' };
    const prices: PriceTable = { MARKETING: { US: row, AR: row, PT: row, NL: row } };
    const said = (country: string) => estimateCost({ kind: 'template', channelType: 'CLOUDAPI_WHATSAPP', categoryName: 'Marketing' }, prices, country).explanation;
    expect(said('US')).toContain('para os Estados Unidos:');
    expect(said('AR')).toContain('para a Argentina:');
    expect(said('NL')).toContain('para os Países Baixos:');
    expect(said('PT')).toContain('para Portugal:');
    const inEnglish = (country: string) => {
      const estimate = estimateCost({ kind: 'template', channelType: 'CLOUDAPI_WHATSAPP', categoryName: 'Marketing' }, prices, country);
      return explainCost(estimate, 'en');
    };
    expect(inEnglish('US')).toContain('to the United States:');
    expect(inEnglish('NL')).toContain('to the Netherlands:');
    expect(inEnglish('AR')).toContain('to Argentina:');
  });

  it('explains in English for the UI', () => {
    const estimate = estimateCost({ kind: 'template', channelType: 'CLOUDAPI_WHATSAPP', categoryName: 'Utilidade' }, PRICES, 'BR');
    expect(explainCost(estimate, 'en')).toBe('Utility template to Brazil: charged per delivered message ($0.008).');
    expect(explainCost(estimate)).toBe(estimate.explanation);
  });
});

describe('formatMoney', () => {
  const table: [number, string, string, string][] = [
    [0.06, 'USD', `US$${NBSP}0,06`, '$0.06'],
    [0.0625, 'USD', `US$${NBSP}0,0625`, '$0.0625'],
    [0, 'USD', `US$${NBSP}0,00`, '$0.00'],
    [1234.5, 'BRL', `R$${NBSP}1.234,50`, 'R$1,234.50'],
  ];
  for (const [amount, currency, pt, en] of table) {
    it(`${amount} ${currency} → "${pt}" / "${en}"`, () => {
      expect(formatMoney(amount, currency)).toBe(pt);
      expect(formatMoney(amount, currency, 'en')).toBe(en);
    });
  }
});

describe('PriceTableSchema', () => {
  it('accepts the sandbox table and refuses bad entries', () => {
    expect(PriceTableSchema.parse(PRICES)).toEqual(PRICES);
    expect(PriceTableSchema.safeParse({ MARKETING: { BR: { amount: -1, currency: 'USD' } } }).success).toBe(false);
    expect(PriceTableSchema.safeParse({ PROMO: { BR: { amount: 1, currency: 'USD' } } }).success).toBe(false);
    expect(PriceTableSchema.safeParse({ MARKETING: { Brasil: { amount: 1, currency: 'USD' } } }).success).toBe(false);
  });
});

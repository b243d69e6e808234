import { describe, expect, it } from 'vitest';
import { DOMAIN_MESSAGES, translate } from './messages';

describe('DOMAIN_MESSAGES', () => {
  it('has every code in both languages with the same placeholders', () => {
    const pt = DOMAIN_MESSAGES['pt-BR'];
    const en = DOMAIN_MESSAGES.en;
    expect(Object.keys(en).sort()).toEqual(Object.keys(pt).sort());
    const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
    for (const code of Object.keys(pt) as (keyof typeof pt)[]) {
      expect(placeholders(en[code]), code).toEqual(placeholders(pt[code]));
      expect(en[code], code).not.toBe(pt[code]);
    }
  });

  it('interpolates values and leaves unknown placeholders visible', () => {
    expect(translate('template.param.missing', { param: 'nome' })).toBe('Preencha o parâmetro "nome".');
    expect(translate('template.param.missing', { param: 'nome' }, 'en')).toBe('Fill in the parameter "nome".');
    expect(translate('template.param.missing')).toBe('Preencha o parâmetro "{{param}}".');
  });
});

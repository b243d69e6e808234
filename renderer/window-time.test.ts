/**
 * The time left in WhatsApp's window, as the conversation and the desk write it: a part that is
 * zero is left out ("24 h", not "24 h 0 min"; "15 min", not "0 h 15 min"), in both languages.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en } from './i18n/en';
import { ptBR } from './i18n/pt-BR';
import { formatLeft } from './screens/window-time';

async function translator(lng: 'pt-BR' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { 'pt-BR': { translation: ptBR }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

const left = (minutes: number) => ({ minutes, closingSoon: minutes < 60 });

describe('formatLeft', () => {
  it('leaves out a zero part, in pt-BR', async () => {
    const t = await translator('pt-BR');
    expect(formatLeft(left(24 * 60), t)).toBe('24 h');
    expect(formatLeft(left(60), t)).toBe('1 h');
    expect(formatLeft(left(15), t)).toBe('15 min');
    expect(formatLeft(left(133), t)).toBe('2 h 13 min');
    expect(formatLeft(left(23 * 60 + 59), t)).toBe('23 h 59 min');
    expect(formatLeft(left(61), t)).toBe('1 h 1 min');
    expect(formatLeft(left(1), t)).toBe('1 min');
    expect(formatLeft(left(0), t)).toBe('menos de 1 min');
  });

  it('leaves out a zero part, in English', async () => {
    const t = await translator('en');
    expect(formatLeft(left(24 * 60), t)).toBe('24 h');
    expect(formatLeft(left(15), t)).toBe('15 min');
    expect(formatLeft(left(133), t)).toBe('2 h 13 min');
    expect(formatLeft(left(0), t)).toBe('less than 1 min');
  });
});

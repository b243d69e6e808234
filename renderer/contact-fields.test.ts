import { describe, expect, it } from 'vitest';
import { formatFieldValue } from './screens/contact-fields';

const pt = (value: Parameters<typeof formatFieldValue>[0]) => formatFieldValue(value, 'pt-BR', { yes: 'Sim', no: 'Não' });
const en = (value: Parameters<typeof formatFieldValue>[0]) => formatFieldValue(value, 'en', { yes: 'Yes', no: 'No' });

describe('a custom field value as the agent reads it', () => {
  it('writes dates and numbers as the language does, a calendar day never moved by the time zone', () => {
    expect(pt({ kind: 'date', date: '2019-05-10' })).toBe('10/05/2019');
    expect(en({ kind: 'date', date: '2019-05-10' })).toBe('05/10/2019');
    expect(pt({ kind: 'number', number: 1500.5 })).toBe('1.500,5');
    expect(en({ kind: 'number', number: 1500.5 })).toBe('1,500.5');
  });

  it('says yes and no in words, joins lists, spans ranges', () => {
    expect(pt({ kind: 'boolean', yes: true })).toBe('Sim');
    expect(en({ kind: 'boolean', yes: false })).toBe('No');
    expect(pt({ kind: 'list', items: ['WhatsApp', 'E-mail'] })).toBe('WhatsApp, E-mail');
    expect(pt({ kind: 'range', from: { kind: 'number', number: 10 }, to: { kind: 'number', number: 20 } })).toBe('10 – 20');
    expect(pt({ kind: 'time', time: '14:30' })).toBe('14:30');
  });
});

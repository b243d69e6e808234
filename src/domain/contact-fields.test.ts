import { describe, expect, it } from 'vitest';
import { contactFieldDefinitions, contactFieldsOf, type ContactFieldDefinition } from './contact-fields';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const OPT_PREMIUM = id(101);
const DEFS: ContactFieldDefinition[] = contactFieldDefinitions([
  // Out of order on purpose: the company's positions decide.
  { id: id(6), type: 'STRING', key: 'cidade', name: 'Cidade', position: 1 },
  { id: id(1), type: 'GROUP', key: 'dados', name: 'Dados do cliente', position: 0 },
  { id: id(3), parentId: id(1), type: 'DATE', key: 'desde', name: 'Cliente desde', position: 1 },
  { id: id(2), parentId: id(1), type: 'SINGLESELECT', key: 'plano', name: 'Plano', position: 0, options: [{ id: OPT_PREMIUM, name: 'Premium' }, { id: id(102), name: 'Básico' }] },
  { id: id(4), parentId: id(1), type: 'BOOLEAN', key: 'ofertas', name: 'Aceita ofertas', position: 2 },
  { id: id(5), parentId: id(1), type: 'MULTISELECT', key: 'canais', name: 'Canais', position: 3, options: [{ id: id(201), name: 'WhatsApp' }, { id: id(202), name: 'E-mail' }] },
  { id: id(7), type: 'INTEGER', key: 'score', name: 'Score', position: 2, visible: false },
  { id: id(8), type: 'STRING', key: 'etapa', name: 'Etapa', position: 3, entityType: 'PANEL' },
  { id: id(9), type: 'FLOAT', key: 'limite', name: 'Limite', position: 4 },
  { id: id(10), type: 'TIME', key: 'melhor_hora', name: 'Melhor horário', position: 5 },
  { id: id(11), type: 'DATETIME', key: 'visita', name: 'Última visita', position: 6 },
  { id: id(12), type: 'INTEGER', key: 'faixa', name: 'Faixa', position: 7, isValueRange: true },
]);

describe('a contact\u2019s custom fields as the conversation shows them', () => {
  it('labels them, in the company\u2019s order (a group\u2019s fields where it stands), hidden and board fields left out', () => {
    const fields = contactFieldsOf(
      { cidade: 'Recife', plano: OPT_PREMIUM, desde: '2019-05-10', ofertas: true, canais: [id(202), id(201)], score: 720, etapa: 'Proposta' },
      DEFS,
    );
    expect(fields).toEqual([
      { key: 'plano', label: 'Plano', value: { kind: 'text', text: 'Premium' } },
      { key: 'desde', label: 'Cliente desde', value: { kind: 'date', date: '2019-05-10' } },
      { key: 'ofertas', label: 'Aceita ofertas', value: { kind: 'boolean', yes: true } },
      { key: 'canais', label: 'Canais', value: { kind: 'list', items: ['E-mail', 'WhatsApp'] } },
      { key: 'cidade', label: 'Cidade', value: { kind: 'text', text: 'Recife' } },
    ]);
  });

  it('reads what HelenaCRM may store in other shapes: an option by name, numbers and booleans as text, a date-time for a date, a range', () => {
    const fields = contactFieldsOf(
      { plano: 'Básico', ofertas: 'false', limite: '1500,50', desde: '2019-05-10T00:00:00Z', melhor_hora: '14:30:00', visita: '2026-11-20T13:05:00Z', faixa: [10, '20'] },
      DEFS,
    );
    expect(Object.fromEntries(fields.map((f) => [f.key, f.value]))).toEqual({
      plano: { kind: 'text', text: 'Básico' },
      desde: { kind: 'date', date: '2019-05-10' },
      ofertas: { kind: 'boolean', yes: false },
      limite: { kind: 'number', number: 1500.5 },
      melhor_hora: { kind: 'time', time: '14:30' },
      visita: { kind: 'datetime', at: '2026-11-20T13:05:00Z' },
      faixa: { kind: 'range', from: { kind: 'number', number: 10 }, to: { kind: 'number', number: 20 } },
    });
  });

  it('leaves out what reads as nothing rather than showing it wrong', () => {
    const fields = contactFieldsOf(
      { cidade: '  ', plano: null, desde: 'ontem', ofertas: 'talvez', limite: 'muito', canais: [], melhor_hora: '25:00', visita: 'depois', faixa: [1], extra: 'sem definição' },
      DEFS,
    );
    expect(fields).toEqual([]);
  });

  it('shows nothing before the definitions were ever heard: an option would read as its id, a hidden field would show', () => {
    expect(contactFieldsOf({ plano: OPT_PREMIUM, score: 720 }, null)).toEqual([]);
  });

  it('a group hidden by the company hides its fields', () => {
    const hidden = DEFS.map((d) => (d.key === 'dados' ? { ...d, visible: false } : d));
    expect(contactFieldsOf({ plano: OPT_PREMIUM, cidade: 'Recife' }, hidden).map((f) => f.key)).toEqual(['cidade']);
  });
});

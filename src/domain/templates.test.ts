import { describe, expect, it } from 'vitest';
import { TemplateDTO } from '../api/helena-dto';
import { selectStartTemplates, startTemplateRejection, templateParamsOf, type StartTemplateContext } from './templates';

const CHANNEL = '11111111-1111-4111-8111-111111111111';
const OTHER_CHANNEL = '22222222-2222-4222-8222-222222222222';
const TEAM = '33333333-3333-4333-8333-333333333333';
const OTHER_TEAM = '44444444-4444-4444-8444-444444444444';

let counter = 0;
function template(overrides: Partial<TemplateDTO> = {}): TemplateDTO {
  counter += 1;
  // Parsed by the real schema so fixtures cannot drift from the DTO.
  return TemplateDTO.parse({
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    updatedAt: '2025-03-01T10:00:00.000Z',
    active: true,
    archived: false,
    channelId: CHANNEL,
    name: `Modelo ${counter}`,
    text: 'Olá {{nome}}',
    status: 'Approved',
    channelType: 'CLOUDAPI_WHATSAPP',
    type: ['TEMPLATE'],
    params: [{ name: 'nome' }],
    categoryName: 'Utilidade',
    departmentIds: [],
    ...overrides,
  });
}

const OFFICIAL: StartTemplateContext = { channelId: CHANNEL, departmentId: TEAM, channelType: 'CloudAPI_WhatsApp' };

describe('startTemplateRejection', () => {
  const table: [string, Partial<TemplateDTO>, StartTemplateContext, string | null][] = [
    ['approved attendance template of the channel', {}, OFFICIAL, null],
    ['channel-less template', { channelId: null, channelType: null }, OFFICIAL, null],
    ['open to the team', { departmentIds: [OTHER_TEAM, TEAM] }, OFFICIAL, null],
    ['departmentIds null = every team', { departmentIds: null }, OFFICIAL, null],
    ['departmentIds absent = every team', { departmentIds: undefined }, OFFICIAL, null],
    ['also a quick reply', { type: ['QUICKREPLY', 'TEMPLATE'] }, OFFICIAL, null],
    ['inactive', { active: false }, OFFICIAL, 'inactive'],
    ['archived', { archived: true }, OFFICIAL, 'archived'],
    ['quick reply only', { type: ['QUICKREPLY'] }, OFFICIAL, 'not_attendance'],
    ['campaign template', { type: ['TEMPLATE_CAMPAIGN'] }, OFFICIAL, 'not_attendance'],
    ['another channel', { channelId: OTHER_CHANNEL }, OFFICIAL, 'other_channel'],
    ['channel-less but for another channel type', { channelId: null, channelType: 'ZAPI_WHATSAPP' }, OFFICIAL, 'other_channel_type'],
    ['other teams only', { departmentIds: [OTHER_TEAM] }, OFFICIAL, 'team_not_allowed'],
    ['team-restricted, no team chosen', { departmentIds: [TEAM] }, { ...OFFICIAL, departmentId: null }, 'team_not_allowed'],
    ['in review', { status: 'InRevision' }, OFFICIAL, 'not_approved'],
    ['rejected', { status: 'Disapproved' }, OFFICIAL, 'not_approved'],
    ['paused', { status: 'Paused' }, OFFICIAL, 'not_approved'],
    ['draft, channel type unknown: approval required', { status: 'Draft' }, { channelId: CHANNEL, departmentId: TEAM }, 'not_approved'],
    ['draft on a QR channel: no Meta review', { status: 'Draft', channelType: 'ZAPI_WHATSAPP' }, { ...OFFICIAL, channelType: 'ZAPI_WhatsApp' }, null],
  ];
  for (const [name, overrides, context, expected] of table) {
    it(`${name} → ${String(expected)}`, () => {
      expect(startTemplateRejection(template(overrides), context)).toBe(expected);
    });
  }
});

describe('selectStartTemplates', () => {
  it('offers only the usable templates, sorted by name as read in pt-BR', () => {
    const templates = [
      template({ name: 'Boas-vindas' }),
      template({ name: 'Lembrete 10' }),
      template({ name: 'Campanha', type: ['TEMPLATE_CAMPAIGN'] }),
      template({ name: 'Ávila – confirmação', channelId: null, channelType: null }),
      template({ name: 'Lembrete 2' }),
      template({ name: 'Outro time', departmentIds: [OTHER_TEAM] }),
      template({ name: 'Arquivado', archived: true }),
      template({ name: 'Em análise', status: 'InRevision' }),
      template({ name: 'Outro canal', channelId: OTHER_CHANNEL }),
    ];
    expect(selectStartTemplates(templates, OFFICIAL).map((t) => t.name)).toEqual(['Ávila – confirmação', 'Boas-vindas', 'Lembrete 2', 'Lembrete 10']);
  });

  it('returns nothing for a team without templates and leaves the input untouched', () => {
    const templates = [template({ departmentIds: [OTHER_TEAM], name: 'B' }), template({ name: 'A', active: false })];
    const before = templates.map((t) => t.id);
    expect(selectStartTemplates(templates, OFFICIAL)).toEqual([]);
    expect(templates.map((t) => t.id)).toEqual(before);
  });
});

describe('templateParamsOf', () => {
  it('prefers the declared params, skipping null names', () => {
    expect(templateParamsOf({ params: [{ name: 'nome' }, { name: null }, { name: 'data' }], text: '{{x}}' })).toEqual(['nome', 'data']);
  });

  it('falls back to the placeholders of the text', () => {
    expect(templateParamsOf({ params: null, text: 'Olá {{nome}}, {{pedido}}' })).toEqual(['nome', 'pedido']);
    expect(templateParamsOf({ params: [], text: null })).toEqual([]);
  });
});

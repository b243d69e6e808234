/**
 * "Mensagens Agendadas" over real HTTP: create checked as /send/template is, the answers within
 * chat.json's schemas (no field outside them: they forbid additional properties), the list's
 * filters and paging, cancel, and the send when the control clock passes the moment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InternalException, MessagePage, ScheduledMessageDTO, ScheduledMessagePage } from '../../src/api/helena-dto';
import { eventually, startConversationSandbox, type ConversationSandbox } from '../conversations/test-fixture';

type Schemas = Record<string, { properties: Record<string, unknown> }>;
const SCHEMAS = (JSON.parse(readFileSync(join(__dirname, '../../../shared/helena-openapi/chat.json'), 'utf8')) as { components: { schemas: Schemas } }).components.schemas;
function strayKeys(value: object, schema: string): string[] {
  const allowed = Object.keys(SCHEMAS[schema]?.properties ?? {});
  return Object.keys(value).filter((k) => !allowed.includes(k));
}

const HOUR = 3_600_000;
let sb: ConversationSandbox;
beforeEach(async () => {
  sb = await startConversationSandbox();
});
afterEach(async () => {
  await sb.close();
});

function body(overrides: Record<string, unknown> = {}) {
  return {
    from: sb.company.channels.official,
    to: sb.company.contacts.mariaPhone,
    department: { id: sb.company.teams.vendas },
    type: 'TEMPLATE',
    templateId: sb.company.templates.boasVindas,
    scheduling: new Date(sb.ctx.clock.nowMs() + 2 * HOUR).toISOString(),
    templateParams: { parameters: { nome: 'Maria', protocolo: 'P-1' } },
    ...overrides,
  };
}

async function create(overrides: Record<string, unknown> = {}) {
  return sb.api<Record<string, unknown>>('POST', '/chat/v1/scheduled-message', sb.company.agents.ana.token, body(overrides));
}

async function advance(hours: number) {
  expect((await sb.api('POST', '/control/v1/clock/advance', null, { hours })).status).toBe(200);
}

async function list(query: string, token = sb.company.agents.ana.token) {
  const res = await sb.api<Record<string, unknown>>('GET', `/chat/v1/scheduled-message?${query}`, token);
  expect(res.status).toBe(200);
  expect(strayKeys(res.body, 'PublicScheduledMessageDTOPublicPageListDTO')).toEqual([]);
  return ScheduledMessagePage.parse(res.body);
}

async function templateMessagesOfMaria() {
  const sessions = await sb.api<{ items: { id: string }[] }>('GET', `/chat/v2/session?ContactId=${sb.company.contacts.maria}`, sb.company.agents.ana.token);
  const all = [];
  for (const s of sessions.body.items) {
    const page = MessagePage.parse((await sb.api('GET', `/chat/v1/session/${s.id}/message`, sb.company.agents.ana.token)).body);
    all.push(...page.items.filter((m) => m.templateId === sb.company.templates.boasVindas));
  }
  return all;
}

describe('POST /chat/v1/scheduled-message', () => {
  it('schedules a template: SCHEDULED, within the schema, listed by contact and readable by id', async () => {
    const res = await create();
    expect(res.status).toBe(200);
    expect(strayKeys(res.body, 'PublicReqScheduledMessageDTO')).toEqual([]);
    const created = ScheduledMessageDTO.parse(res.body);
    expect(created).toMatchObject({ status: 'SCHEDULED', type: 'TEMPLATE', contactId: sb.company.contacts.maria, channelId: sb.company.channels.official });
    expect(created.template?.name).toBe('boas_vindas');

    const byPhone = await list(`To=${encodeURIComponent(sb.company.contacts.mariaPhone)}`);
    const byId = await list(`To=${sb.company.contacts.maria}&Status=SCHEDULED`);
    expect(byId.items.map((m) => m.id)).toEqual([created.id]);
    expect(byPhone.items.map((m) => m.id)).toEqual([created.id]);
    expect((await list(`To=${sb.company.contacts.joao}`)).items).toEqual([]);

    const one = await sb.api<Record<string, unknown>>('GET', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token);
    expect(one.status).toBe(200);
    expect(strayKeys(one.body, 'PublicScheduledMessageDTO')).toEqual([]);
    expect(ScheduledMessageDTO.parse(one.body).id).toBe(created.id);
  });

  it('lists a media template with its file, within PublicFileDTO: the link given, under an id that stays put', async () => {
    const link = 'https://arquivos.exemplo.com.br/catalogo.jpg';
    const res = await create({ templateId: sb.company.templates.catalogo, templateParams: { parameters: { nome: 'Maria' }, fileUrl: link } });
    expect(res.status).toBe(200);
    const listed = (await list(`To=${sb.company.contacts.maria}`)).items[0];
    const file = listed?.template?.templateParams?.file;
    expect(file).toMatchObject({ publicUrl: link, name: 'catalogo.jpg' });
    expect(strayKeys(file ?? {}, 'PublicFileDTO')).toEqual([]);
    expect((await list(`To=${sb.company.contacts.maria}`)).items[0]?.template?.templateParams?.file?.id).toBe(file?.id);
  });

  it('refuses what /send/template would refuse, and a moment not in the future', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ scheduling: new Date(sb.ctx.clock.nowMs() - 1000).toISOString() }, 'scheduled.in_the_past'],
      [{ templateId: sb.company.templates.emRevisao }, 'template.not_approved'],
      [{ templateId: sb.company.templates.qr }, 'template.wrong_channel'],
      [{ templateParams: { parameters: { nome: 'Maria\nSilva', protocolo: 'P' } } }, 'template.invalid_parameter'],
      [{ templateParams: { parameters: { nome: 'Maria' } } }, 'template.invalid_parameter'],
      [{ templateId: sb.company.templates.catalogo, templateParams: { parameters: { nome: 'Maria' } } }, 'template.file_required'],
      [{ from: '00000000-0000-4000-8000-000000000000' }, 'channel.not_found'],
      [{ to: 'abc' }, 'validation.invalid_phone'],
    ];
    for (const [overrides, key] of cases) {
      const res = await create(overrides);
      expect(res.status, key).toBe(400);
      expect(InternalException.parse(res.body).key).toBe(key);
    }
    expect((await list('')).totalItems).toBe(0);
  });

  it('pages newest first and hides other teams\u2019 from an agent', async () => {
    for (let i = 0; i < 3; i++) expect((await create()).status).toBe(200);
    const page = await list('PageSize=2&OrderDirection=DESCENDING');
    expect(page).toMatchObject({ pageSize: 2, totalItems: 3, totalPages: 2, hasMorePages: true });
    expect(page.items[0]!.createdAt >= page.items[1]!.createdAt).toBe(true);
    expect((await list('', sb.company.agents.rita.token)).totalItems).toBe(0);
  });
});

describe('when the clock passes the moment', () => {
  it('sends the template into the contact\u2019s conversation once, SENT with the session, with the send\u2019s events', async () => {
    const created = ScheduledMessageDTO.parse((await create()).body);
    const offset = sb.ctx.events.after(0)?.at(-1)?.offset ?? 0;
    await advance(1);
    expect(await templateMessagesOfMaria()).toHaveLength(0);
    await advance(1.01);
    const sent = await templateMessagesOfMaria();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ direction: 'FROM_HUB', text: 'Olá Maria, seu protocolo é P-1.' });
    const after = ScheduledMessageDTO.parse((await sb.api('GET', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token)).body);
    expect(after.status).toBe('SENT');
    expect(after.sessionId).toBe(sent[0]!.sessionId);
    const types = (sb.ctx.events.after(offset) ?? []).map((e) => e.eventType);
    expect(types).toContain('MESSAGE_SENT');
    expect(types.some((t) => t === 'SESSION_NEW' || t === 'SESSION_UPDATE')).toBe(true);
    await eventually(async () => ((await templateMessagesOfMaria())[0]?.status === 'READ' ? true : undefined), 'receipts');
    await advance(5);
    expect(await templateMessagesOfMaria()).toHaveLength(1);
  });

  it('cancel before: CANCELED and nothing arrives; cancel once sent: refused', async () => {
    const first = ScheduledMessageDTO.parse((await create()).body);
    const second = ScheduledMessageDTO.parse((await create({ scheduling: new Date(sb.ctx.clock.nowMs() + HOUR).toISOString() })).body);
    const cancel = await sb.api('POST', `/chat/v1/scheduled-message/${first.id}/cancel`, sb.company.agents.ana.token);
    expect(cancel.status).toBe(200);
    expect((await list('Status=CANCELED')).items.map((m) => m.id)).toEqual([first.id]);
    await advance(3);
    expect(await templateMessagesOfMaria()).toHaveLength(1);
    const late = await sb.api('POST', `/chat/v1/scheduled-message/${second.id}/cancel`, sb.company.agents.ana.token);
    expect(late.status).toBe(409);
    expect(InternalException.parse(late.body).key).toBe('scheduled.not_cancellable');
    expect((await sb.api('POST', '/chat/v1/scheduled-message/00000000-0000-4000-8000-000000000000/cancel', sb.company.agents.ana.token)).status).toBe(404);
  });
});

describe('PUT /chat/v1/scheduled-message/{id} and failing at the moment', () => {
  it('moves the moment (fields: Scheduling) within the schema; sends at the new one once; refuses once processed', async () => {
    const created = ScheduledMessageDTO.parse((await create()).body);
    const moved = await sb.api<Record<string, unknown>>('PUT', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token, {
      fields: ['Scheduling'],
      scheduling: new Date(sb.ctx.clock.nowMs() + 5 * HOUR).toISOString(),
    });
    expect(moved.status).toBe(200);
    expect(strayKeys(moved.body, 'PublicReqScheduledMessageDTO')).toEqual([]);
    expect(ScheduledMessageDTO.parse(moved.body)).toMatchObject({ id: created.id, status: 'SCHEDULED' });
    const other = await sb.api('PUT', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token, { fields: ['TemplateId'], templateId: created.templateId });
    expect(other.status).toBe(400);
    const past = await sb.api('PUT', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token, {
      fields: ['Scheduling'],
      scheduling: new Date(sb.ctx.clock.nowMs() - 1000).toISOString(),
    });
    expect(InternalException.parse(past.body).key).toBe('scheduled.in_the_past');
    await advance(3);
    expect(await templateMessagesOfMaria()).toHaveLength(0);
    await advance(2.1);
    expect(await templateMessagesOfMaria()).toHaveLength(1);
    await advance(5);
    expect(await templateMessagesOfMaria()).toHaveLength(1);
    const late = await sb.api('PUT', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token, {
      fields: ['Scheduling'],
      scheduling: new Date(sb.ctx.clock.nowMs() + HOUR).toISOString(),
    });
    expect(late.status).toBe(409);
    expect(InternalException.parse(late.body).key).toBe('scheduled.not_editable');
  });

  it('a number not on WhatsApp (ending 0000): FAILED at the moment, with the reason', async () => {
    const created = ScheduledMessageDTO.parse((await create({ to: '+55 11 98888-0000' })).body);
    await advance(3);
    const after = ScheduledMessageDTO.parse((await sb.api('GET', `/chat/v1/scheduled-message/${created.id}`, sb.company.agents.ana.token)).body);
    expect(after).toMatchObject({ status: 'FAILED', failureReason: 'Número não possui WhatsApp', sessionId: null });
    expect((await list(`Status=FAILED&User=${after.userId ?? ''}&ScheduledAt.After=${encodeURIComponent(new Date(sb.ctx.clock.nowMs() - 7 * 24 * HOUR).toISOString())}`)).items.map((m) => m.id)).toEqual([created.id]);
  });
});

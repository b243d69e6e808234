import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentList, ChannelList, DepartmentList, TemplatePage, type TemplateDTO } from '../../src/api/helena-dto';
import { normalisePhone } from '../../src/domain/phone';
import { templateParamNames } from '../../src/domain/template-params';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;
let http: ApiClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  http = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.restricted)).token);
});
afterAll(async () => {
  await sandbox.close();
});

async function templates(query: string): Promise<TemplateDTO[]> {
  const res = await http.get(`/chat/v1/template?PageSize=100&${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return TemplatePage.parse(res.body).items;
}

describe('demo company', () => {
  it('has an official, a QR and an Instagram channel', async () => {
    const channels = ChannelList.parse((await http.get('/chat/v1/channel')).body);
    expect(channels.map((c) => c.type).sort()).toEqual(['CloudAPI_WhatsApp', 'EvolutionApi_WhatsApp', 'Instagram']);
    expect(channels.every((c) => c.active && c.identity.displayName)).toBe(true);
    const whatsapp = ChannelList.parse((await http.get('/chat/v1/channel?ChannelType=Whatsapp')).body);
    expect(whatsapp.map((c) => c.type).sort()).toEqual(['CloudAPI_WhatsApp', 'EvolutionApi_WhatsApp']);
  });

  it('has three teams with their agents and channels', async () => {
    const teams = DepartmentList.parse((await http.get('/core/v2/department')).body);
    expect(teams.map((t) => t.name).sort()).toEqual(['Financeiro', 'Suporte', 'Vendas']);
    expect(teams.filter((t) => t.isDefault).map((t) => t.name)).toEqual(['Vendas']);
    for (const team of teams) {
      expect(team.agents?.some((a) => a.isAgent), team.name ?? '').toBe(true);
      expect(team.channels?.length, team.name ?? '').toBeGreaterThan(0);
    }
  });

  it('has an admin, two agents and a restricted agent, each in their teams', async () => {
    const agents = AgentList.parse((await http.get('/core/v1/agent')).body);
    expect(agents.map((a) => a.profile).sort()).toEqual(['Admin', 'Agent', 'Agent', 'RestrictedAgent']);
    const restricted = agents.find((a) => a.profile === 'RestrictedAgent')!;
    expect(restricted.email).toBe(DEMO_LOGINS.restricted);
    expect(restricted.departments?.length).toBe(1);
    for (const agent of agents) expect(normalisePhone(agent.phoneNumber ?? '')?.e164).toBe(agent.phoneNumber);
    const one = await http.get(`/core/v1/agent/${restricted.id}`);
    expect(AgentList.element.parse(one.body).userId).toBe(restricted.userId);
  });

  it('has about ten templates: attendance and quick replies, both categories, some not approved, some restricted', async () => {
    const all = await templates('IncludeDetails=Params');
    expect(all.length).toBeGreaterThanOrEqual(9);
    expect(all.length).toBeLessThanOrEqual(14);
    expect(new Set(all.flatMap((t) => t.type))).toEqual(new Set(['TEMPLATE', 'QUICKREPLY']));
    expect(new Set(all.map((t) => t.categoryName).filter(Boolean))).toEqual(new Set(['Marketing', 'Utilidade']));
    expect(all.some((t) => t.status === 'InRevision')).toBe(true);
    expect(all.some((t) => t.status === 'Disapproved')).toBe(true);
    expect(all.some((t) => (t.departmentIds ?? []).length > 0)).toBe(true);
    expect(all.some((t) => t.channelId !== null)).toBe(true);
    // Media templates (an image and a document) an official-channel start can use.
    const media = all.filter((t) => t.fileType !== 'UNDEFINED');
    expect(new Set(media.map((t) => t.fileType))).toEqual(new Set(['IMAGE', 'DOCUMENT']));
    expect(media.every((t) => t.status === 'Approved' && t.channelType === 'CLOUDAPI_WHATSAPP' && t.type.includes('TEMPLATE'))).toBe(true);
    for (const t of all) {
      expect(t.params?.map((p) => p.name)).toEqual(templateParamNames(t.text ?? ''));
      if (t.type.includes('QUICKREPLY')) expect(t.quickReplyAlias).toBeTruthy();
    }
  });

  it('has demo contacts whose phones are valid Brazilian mobiles', () => {
    const rows = sandbox.ctx.db.prepare('SELECT phone FROM contacts').all() as { phone: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(40);
    for (const { phone } of rows) expect(normalisePhone(phone)?.e164, phone).toBe(phone);
    const silent = sandbox.ctx.db.prepare('SELECT COUNT(*) AS n FROM contact_scripts WHERE reply_after_ms IS NULL').get() as { n: number };
    expect(silent.n).toBeGreaterThanOrEqual(1);
  });
});

describe('GET /chat/v1/template filters', () => {
  it('Type=ATTENDANCE gives only kind TEMPLATE; QUICKREPLY only quick replies', async () => {
    const attendance = await templates('Type=ATTENDANCE');
    expect(attendance.length).toBeGreaterThan(0);
    expect(attendance.every((t) => t.type.includes('TEMPLATE'))).toBe(true);
    const quick = await templates('Type=quickreply');
    expect(quick.length).toBeGreaterThan(0);
    expect(quick.every((t) => t.type.includes('QUICKREPLY'))).toBe(true);
  });

  it('ApprovedOnly and ChannelId narrow the list; params only with IncludeDetails', async () => {
    const approved = await templates('ApprovedOnly=true');
    expect(approved.every((t) => t.status === 'Approved')).toBe(true);
    const channels = ChannelList.parse((await http.get('/chat/v1/channel')).body);
    const official = channels.find((c) => c.type === 'CloudAPI_WhatsApp')!;
    const forOfficial = await templates(`ChannelId=${official.id}&Type=ATTENDANCE`);
    expect(forOfficial.length).toBeGreaterThan(0);
    expect(forOfficial.every((t) => t.channelId === official.id || t.channelId === null)).toBe(true);
    expect(forOfficial.every((t) => t.channelType === 'CLOUDAPI_WHATSAPP')).toBe(true);
    expect((await templates('')).every((t) => t.params === null)).toBe(true);
    expect((await templates('IncludeDetails=All')).some((t) => (t.params ?? []).length > 0)).toBe(true);
  });

  it('pages and filters by UpdatedAt.After; refuses bad values naming them', async () => {
    const page = TemplatePage.parse((await http.get('/chat/v1/template?PageSize=4&PageNumber=2')).body);
    expect(page.items).toHaveLength(4);
    expect(page.hasMorePages).toBe(true);
    const all = await templates('');
    const pivot = all[4]!;
    const after = await templates(`UpdatedAt.After=${encodeURIComponent(pivot.updatedAt)}`);
    // Inclusive, as every `.After` bound: the pivot's own millisecond is in the delta.
    expect(after.map((t) => t.id)).toEqual(all.filter((t) => t.updatedAt >= pivot.updatedAt).map((t) => t.id));
    expect(after.map((t) => t.id)).toContain(pivot.id);
    for (const [query, field] of [
      ['Type=NOPE', 'Type'],
      ['ChannelId=123', 'ChannelId'],
      ['ApprovedOnly=talvez', 'ApprovedOnly'],
    ]) {
      const res = await http.get(`/chat/v1/template?${query}`);
      expect(res.status, query).toBe(400);
      expect((res.body as { text: string }).text).toContain(`"${field}"`);
    }
  });
});

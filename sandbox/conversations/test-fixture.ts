/**
 * Test fixture of the conversation tests: a real sandbox on a free port with a minimal company
 * written straight into its database (two teams, an admin, two agents, a restricted agent and a
 * supervisor, an official, a QR and an Instagram channel, contacts in Brazil and Portugal, and
 * templates of every kind the rules care about), and a Bearer token for each agent obtained
 * through the real login (/auth/v1 with the code read from the control API).
 */
import { randomUUID } from 'node:crypto';
import type { Profile } from '../../src/domain/visibility';
import type { SandboxOverrides } from '../app';
import type { SandboxContext } from '../context';
import { loginAs, startTestSandbox } from '../testing';

export interface FixtureAgent {
  userId: string;
  email: string;
  token: string;
}

export interface Company {
  teams: { vendas: string; suporte: string };
  agents: { admin: FixtureAgent; ana: FixtureAgent; bruno: FixtureAgent; rita: FixtureAgent; sofia: FixtureAgent };
  channels: { official: string; officialNumber: string; qr: string; instagram: string };
  contacts: { maria: string; mariaPhone: string; joao: string; joaoPhone: string; semWhats: string; semWhatsPhone: string };
  templates: {
    /** Marketing, official channel, params nome + protocolo. */
    boasVindas: string;
    /** Utilidade, any channel, param nome. */
    lembrete: string;
    /** Autenticação, official channel, param codigo. */
    codigo: string;
    /** Still InRevision. */
    emRevisao: string;
    /** Only for the Suporte team. */
    soSuporte: string;
    /** Marketing, official channel, param nome, an IMAGE header: sent only with its file. */
    catalogo: string;
    /** A QR-channel attendance template (no approval there). */
    qr: string;
    /** A campaign template: not sendable by an agent. */
    campanha: string;
  };
}

export interface ConversationSandbox {
  url: string;
  ctx: SandboxContext;
  company: Company;
  api<T = unknown>(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

const TEST_DEFAULTS: SandboxOverrides = {
  demoData: false,
  statusDelaysMs: { delivered: 40, read: 80 },
  // Tests move the clock by days to expire windows; the agents stay signed in.
  tokenTtlMs: 90 * 24 * 60 * 60 * 1000,
  rateLimit: { max: 100_000, windowMs: 1_000 },
};

function insertAgent(ctx: SandboxContext, name: string, email: string, phone: string, profile: Profile, teams: { id: string; supervisor?: boolean }[]): FixtureAgent {
  const userId = randomUUID();
  const now = ctx.clock.iso();
  ctx.db
    .prepare('INSERT INTO agents (id, user_id, name, email, phone, profile, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(randomUUID(), userId, name, email, phone, profile, now, now);
  for (const team of teams) {
    ctx.db
      .prepare('INSERT INTO department_agents (department_id, user_id, is_agent, is_supervisor) VALUES (?, ?, 1, ?)')
      .run(team.id, userId, team.supervisor ? 1 : 0);
  }
  // The token comes from the real login once the company is seeded.
  return { userId, email, token: '' };
}

function insertTeam(ctx: SandboxContext, name: string, isDefault: boolean): string {
  const id = randomUUID();
  const now = ctx.clock.iso();
  ctx.db.prepare('INSERT INTO departments (id, name, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(id, name, isDefault ? 1 : 0, now, now);
  return id;
}

function insertChannel(ctx: SandboxContext, type: string, number: string | null, displayName: string): string {
  const id = randomUUID();
  const now = ctx.clock.iso();
  ctx.db.prepare('INSERT INTO channels (id, type, number, display_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, type, number, displayName, now, now);
  return id;
}

function insertContact(ctx: SandboxContext, name: string, phone: string): string {
  const id = randomUUID();
  const now = ctx.clock.iso();
  ctx.db.prepare('INSERT INTO contacts (id, name, phone, search, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, name, phone, name.toLowerCase(), now, now);
  return id;
}

function insertTemplate(
  ctx: SandboxContext,
  t: {
    channelId: string | null;
    name: string;
    text: string;
    status?: string;
    kinds?: string[];
    params: string[];
    categoryName: string | null;
    departmentIds?: string[];
    fileType?: string;
  },
): string {
  const id = randomUUID();
  const now = ctx.clock.iso();
  ctx.db
    .prepare(
      `INSERT INTO templates (id, channel_id, name, text, status, kinds, params, category_name, department_ids, file_type, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      id,
      t.channelId,
      t.name,
      t.text,
      t.status ?? 'Approved',
      JSON.stringify(t.kinds ?? ['TEMPLATE']),
      JSON.stringify(t.params),
      t.categoryName,
      JSON.stringify(t.departmentIds ?? []),
      t.fileType ?? 'UNDEFINED',
      now,
      now,
    );
  return id;
}

export function seedCompany(ctx: SandboxContext): Company {
  return ctx.db.transaction((): Company => {
    // The receptive-start tests rely on Vendas being the one default team, whatever else is seeded.
    ctx.db.prepare('UPDATE departments SET is_default = 0').run();
    const vendas = insertTeam(ctx, 'Vendas Teste', true);
    const suporte = insertTeam(ctx, 'Suporte Teste', false);
    const official = insertChannel(ctx, 'CloudAPI_WhatsApp', '+551140001000', 'Loja Oficial');
    const qr = insertChannel(ctx, 'EvolutionApi_WhatsApp', '+551140002000', 'Loja QR');
    const instagram = insertChannel(ctx, 'Instagram', null, '@loja');
    const mariaPhone = '+5511987654321';
    const joaoPhone = '+351912345678';
    const semWhatsPhone = '+5511987650000';
    return {
      teams: { vendas, suporte },
      agents: {
        admin: insertAgent(ctx, 'Adriana Admin', 'adriana@teste.com.br', '+5511911110001', 'Admin', []),
        ana: insertAgent(ctx, 'Ana Vendas', 'ana@teste.com.br', '+5511911110002', 'Agent', [{ id: vendas }]),
        bruno: insertAgent(ctx, 'Bruno Suporte', 'bruno@teste.com.br', '+5511911110003', 'Agent', [{ id: suporte }]),
        rita: insertAgent(ctx, 'Rita Restrita', 'rita@teste.com.br', '+5511911110004', 'RestrictedAgent', [{ id: vendas }]),
        sofia: insertAgent(ctx, 'Sofia Supervisora', 'sofia@teste.com.br', '+5511911110005', 'Agent', [{ id: vendas, supervisor: true }]),
      },
      channels: { official, officialNumber: '+551140001000', qr, instagram },
      contacts: {
        maria: insertContact(ctx, 'Maria da Conceição', mariaPhone),
        mariaPhone,
        joao: insertContact(ctx, 'João Português', joaoPhone),
        joaoPhone,
        semWhats: insertContact(ctx, 'Sem WhatsApp', semWhatsPhone),
        semWhatsPhone,
      },
      templates: {
        boasVindas: insertTemplate(ctx, {
          channelId: official,
          name: 'boas_vindas',
          text: 'Olá {{nome}}, seu protocolo é {{protocolo}}.',
          params: ['nome', 'protocolo'],
          categoryName: 'Marketing',
        }),
        lembrete: insertTemplate(ctx, { channelId: null, name: 'lembrete', text: 'Oi {{nome}}, lembrete do seu pedido.', params: ['nome'], categoryName: 'Utilidade' }),
        codigo: insertTemplate(ctx, { channelId: official, name: 'codigo', text: 'Seu código é {{codigo}}.', params: ['codigo'], categoryName: 'Autenticação' }),
        emRevisao: insertTemplate(ctx, { channelId: official, name: 'em_revisao', text: 'Texto novo', status: 'InRevision', params: [], categoryName: 'Marketing' }),
        soSuporte: insertTemplate(ctx, { channelId: null, name: 'so_suporte', text: 'Suporte aqui.', params: [], categoryName: 'Utilidade', departmentIds: [suporte] }),
        catalogo: insertTemplate(ctx, { channelId: official, name: 'catalogo', text: 'Oi {{nome}}, nosso catálogo!', params: ['nome'], categoryName: 'Marketing', fileType: 'IMAGE' }),
        qr: insertTemplate(ctx, { channelId: qr, name: 'qr_oi', text: 'Oi {{nome}}!', status: 'Draft', params: ['nome'], categoryName: null }),
        campanha: insertTemplate(ctx, { channelId: official, name: 'campanha', text: 'Promo', kinds: ['TEMPLATE_CAMPAIGN'], params: [], categoryName: 'Marketing' }),
      },
    };
  })();
}

export async function startConversationSandbox(overrides: SandboxOverrides = {}): Promise<ConversationSandbox> {
  const merged: SandboxOverrides = {
    ...TEST_DEFAULTS,
    ...overrides,
    statusDelaysMs: { ...TEST_DEFAULTS.statusDelaysMs, ...overrides.statusDelaysMs },
    rateLimit: { ...TEST_DEFAULTS.rateLimit, ...overrides.rateLimit },
  };
  const server = await startTestSandbox(merged);
  const company = seedCompany(server.ctx);
  // Through the real /auth/v1 login with the code read from the control API, as a client would.
  for (const agent of Object.values(company.agents)) agent.token = (await loginAs(server, agent.email)).token;
  return {
    url: server.url,
    ctx: server.ctx,
    company,
    async api<T>(method: string, path: string, token: string | null, body?: unknown) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
    },
    close: () => server.close(),
  };
}

/** Polls `check` until it holds (timer-driven states), failing after the deadline. */
export async function eventually<T>(check: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 3_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

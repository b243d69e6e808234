/**
 * Seeds the sandbox database on first start: the company row, and (with demoData) the demo
 * company of demo-data.ts; then tops synthetic contacts up to options.syntheticContacts. A
 * persisted data folder that already has a company keeps its data: nothing demo is re-seeded.
 */
import type { SandboxContext } from '../context';
import { customFieldOptionIdOf } from '../data/custom-fields';
import { stableUuid } from '../data/ids';
import { searchTextOf } from '../data/search';
import { templateParamNames } from '../../src/domain/template-params';
import { insertTag } from '../data/tags';
import { CHANNEL, COMPANY, DEMO_AGENTS, DEMO_CONTACTS, DEMO_TAGS, DEMO_TEMPLATES, TEAM, demoAgentIds, type DemoContact, type TeamKey } from './demo-data';
import { seedSyntheticContacts } from './synthetic';

export { DEMO_LOGINS, DEMO_AGENTS, COMPANY, TEAM, CHANNEL, DEMO_TEMPLATES, DEMO_CONTACTS, DEMO_TAGS, demoAgentIds } from './demo-data';
export { seedSyntheticContacts, countSyntheticContacts, syntheticContactId, type SyntheticSeedResult } from './synthetic';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function demoContactId(index: number): string {
  return stableUuid(`contact:${index}`);
}

export function demoTemplateId(key: string): string {
  return stableUuid(`template:${key}`);
}

function teamIds(keys: readonly TeamKey[]): string[] {
  return keys.map((key) => TEAM[key].id);
}

function seedDemoCompany(ctx: SandboxContext): void {
  const { db } = ctx;
  const nowMs = ctx.clock.nowMs();
  const iso = (ms: number) => new Date(ms).toISOString();
  const setupAt = iso(nowMs - 90 * DAY);

  const insertTeam = db.prepare(
    'INSERT INTO departments (id, name, is_default, restriction_type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // One minute apart, so that lists ordered by creation show them in this file's order.
  const setupStep = (i: number) => iso(nowMs - 90 * DAY + i * MINUTE);
  Object.values(TEAM).forEach((team, i) => insertTeam.run(team.id, team.name, team.isDefault ? 1 : 0, 'NONE', setupStep(i), setupStep(i)));

  const insertChannel = db.prepare(
    'INSERT INTO channels (id, type, number, display_name, active, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
  );
  const linkChannel = db.prepare('INSERT INTO department_channels (department_id, channel_id) VALUES (?, ?)');
  Object.values(CHANNEL).forEach((channel, i) => {
    insertChannel.run(channel.id, channel.type, channel.number, channel.displayName, setupStep(i), setupStep(i));
    for (const team of teamIds(channel.teams)) linkChannel.run(team, channel.id);
  });

  const insertAgent = db.prepare(
    `INSERT INTO agents (id, user_id, name, short_name, email, phone, profile, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const joinTeam = db.prepare('INSERT INTO department_agents (department_id, user_id, is_agent, is_supervisor) VALUES (?, ?, ?, ?)');
  for (const agent of DEMO_AGENTS) {
    const { id, userId } = demoAgentIds(agent);
    insertAgent.run(id, userId, agent.name, agent.shortName, agent.email, agent.phone, agent.profile, setupAt, setupAt);
    for (const membership of agent.teams) {
      // A supervising admin oversees the team without taking its conversations.
      const isAgent = agent.profile === 'Admin' ? 0 : 1;
      joinTeam.run(TEAM[membership.team].id, userId, isAgent, membership.supervisor ? 1 : 0);
    }
  }

  seedDemoCatalog(ctx, true);

  const insertContact = db.prepare(
    `INSERT INTO contacts (id, name, phone, email, annotation, tag_names, custom_fields, status, origin, search, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?)`,
  );
  const insertScript = db.prepare('INSERT INTO contact_scripts (contact_id, reply_after_ms, reply_text) VALUES (?, ?, ?)');
  const count = DEMO_CONTACTS.length;
  DEMO_CONTACTS.forEach((contact, i) => {
    const id = demoContactId(i);
    // Distinct times, oldest first, all in the past: lists ordered by updatedAt are meaningful.
    const createdAt = iso(nowMs - (60 - i) * DAY);
    const updatedAt = iso(nowMs - (count - i) * MINUTE);
    insertContact.run(
      id,
      contact.name,
      contact.phone,
      contact.email,
      contact.annotation ?? null,
      JSON.stringify(contact.tags ?? []),
      JSON.stringify(customFieldsOf(contact)),
      i % 4 === 0 ? 'IMPORTED' : 'CREATED_BY_USER',
      searchTextOf(contact.name, contact.email, contact.phone),
      createdAt,
      updatedAt,
    );
    insertScript.run(id, contact.replyAfterMs, contact.replyAfterMs === null ? null : (contact.reply ?? 'Oi!'));
  });
}

/** The demo contact's custom field values by key, as HelenaCRM keeps them (a plan by its option's id). */
function customFieldsOf(contact: DemoContact): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (contact.city) fields.cidade = contact.city;
  const c = contact.customer;
  if (c?.plano) fields.plano = customFieldOptionIdOf('plano', c.plano);
  if (c?.desde) fields.cliente_desde = c.desde;
  if (c?.pedido) fields.ultimo_pedido = c.pedido;
  if (c?.ofertas !== undefined) fields.aceita_ofertas = c.ofertas;
  if (c?.score !== undefined) fields.score_credito = c.score;
  return fields;
}

/**
 * The demo's templates and tags, each inserted only if missing (by its stable id): a fresh company
 * gets them all, and a data folder seeded by an older sandbox gets the ones added since (media
 * templates, tags) without touching what is there or what the trainee changed.
 */
function seedDemoCatalog(ctx: SandboxContext, fresh: boolean): number {
  const { db } = ctx;
  const nowMs = ctx.clock.nowMs();
  const iso = (ms: number) => new Date(ms).toISOString();
  // Added to an older folder they are new now, so a desk's delta sync (UpdatedAt.After) brings them.
  const stamp = (historical: number) => iso(fresh ? historical : nowMs);
  const before = countCatalog(db);
  const insertTemplate = db.prepare(
    `INSERT OR IGNORE INTO templates (id, channel_id, name, text, footer_text, status, kinds, params, category_name, quick_reply_alias,
       file_type, department_ids, active, archived, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)`,
  );
  DEMO_TEMPLATES.forEach((template, i) => {
    const at = stamp(nowMs - 30 * DAY + i * MINUTE);
    insertTemplate.run(
      demoTemplateId(template.key),
      template.channel === null ? null : CHANNEL[template.channel].id,
      template.name,
      template.text,
      template.footer ?? null,
      template.status,
      JSON.stringify(template.kinds),
      JSON.stringify(templateParamNames(template.text)),
      template.category,
      template.quickReplyAlias ?? null,
      template.fileType ?? 'UNDEFINED',
      JSON.stringify(teamIds(template.teams)),
      at,
      at,
    );
  });

  DEMO_TAGS.forEach((tag, i) => insertTag(db, tag.name, tag.color, stamp(nowMs - 90 * DAY + i * MINUTE)));
  return countCatalog(db) - before;
}

function countCatalog(db: SandboxContext['db']): number {
  return (db.prepare('SELECT (SELECT COUNT(*) FROM templates) + (SELECT COUNT(*) FROM tags) AS n').get() as { n: number }).n;
}

/** Seeds an empty database and returns the company id; on a seeded database only returns it (and tops up synthetic contacts). */
export function seedSandbox(ctx: SandboxContext): string {
  const { db, options } = ctx;
  let companyId = db.prepare<[], { id: string }>('SELECT id FROM company LIMIT 1').get()?.id;
  if (companyId === undefined) {
    companyId = COMPANY.id;
    const id = companyId;
    db.transaction(() => {
      db.prepare('INSERT INTO company (id, name) VALUES (?, ?)').run(id, COMPANY.name);
      if (options.demoData) seedDemoCompany(ctx);
    })();
    ctx.log(`demo company seeded (${options.demoData ? `${DEMO_CONTACTS.length} contacts` : 'no demo data'})`);
  } else if (options.demoData) {
    const added = db.transaction(() => seedDemoCatalog(ctx, false))();
    if (added > 0) ctx.log(`${added} demo templates and tags added to a data folder from an older sandbox`);
  }
  if (options.syntheticContacts > 0) {
    const result = seedSyntheticContacts(db, options.syntheticContacts);
    if (result.inserted > 0) {
      ctx.log(`${result.inserted} synthetic contacts seeded in ${(result.ms / 1000).toFixed(1)} s`);
    }
  }
  return companyId;
}

/**
 * For demos, training and the end-to-end tests: João da Silva, the first demo contact, has talked
 * with the company before, so "Atendimentos anteriores" (Alt+H in a conversation) has something to
 * show. Three completed conversations, written straight into the tables as HelenaCRM would hold
 * them after the fact (no events: they happened before anyone's desk was open):
 *
 * - last week, team Suporte, João Pedro Araújo: a double charge, a promise to call back once
 *   Financeiro confirms the refund, and an internal note that says so (Ana, of Suporte, sees it);
 * - a month ago, team Financeiro, João Pedro: the second copy of a bill (Ana is not in
 *   Financeiro: HelenaCRM does not show it to her; the admin sees it);
 * - two months ago, team Vendas, Ana herself, on the QR channel: the annual plan sold.
 *
 * Ids are name-based, so a persisted data folder gets them once; a restart adds nothing. The
 * restricted agent (Luís) sees none of them: none is his.
 */
import type { SandboxContext } from '../context';
import { stableUuid } from '../data/ids';
import { CHANNEL, DEMO_CONTACTS, TEAM, demoAgentIds, type TeamKey } from './demo-data';
import { demoContactId, demoTemplateId } from './index';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Line =
  | { from: 'contact'; text: string }
  | { from: 'agent'; text: string; template?: string }
  | { from: 'note'; text: string };

interface PastConversation {
  key: string;
  channel: keyof typeof CHANNEL;
  team: TeamKey;
  agent: 'agent' | 'agent2';
  /** How long before the seed it started. */
  agoMs: number;
  lines: Line[];
}

/** The first demo contact (demo-data.ts DEMO_CONTACTS[0]). */
export const HISTORY_CONTACT = { id: demoContactId(0), name: DEMO_CONTACTS[0]?.name ?? 'João da Silva' };

const PAST: readonly PastConversation[] = [
  {
    key: 'joao:estorno',
    channel: 'official',
    team: 'suporte',
    agent: 'agent2',
    agoMs: 7 * DAY + 2 * 60 * MINUTE,
    lines: [
      { from: 'contact', text: 'Boa tarde! Comprei o plano anual e a cobrança veio em dobro no cartão.' },
      { from: 'agent', text: 'Olá, João! Sinto muito pelo transtorno. Abri o chamado 48213 para estornar a cobrança duplicada.' },
      { from: 'contact', text: 'Em quanto tempo o estorno cai?' },
      { from: 'note', text: 'Prometido ao cliente: avisar por aqui quando o Financeiro confirmar o estorno do chamado 48213 (até 2 faturas).' },
      { from: 'agent', text: 'Em até duas faturas. Assim que o Financeiro confirmar, eu te aviso por aqui.' },
      { from: 'contact', text: 'Combinado, obrigado!' },
    ],
  },
  {
    key: 'joao:segunda-via',
    channel: 'official',
    team: 'financeiro',
    agent: 'agent2',
    agoMs: 30 * DAY + 5 * 60 * MINUTE,
    lines: [
      { from: 'agent', template: 'lembrete_pagamento', text: 'Olá João, a fatura F-1187 vence na sexta-feira. Precisa da segunda via ou de ajuda com o pagamento?' },
      { from: 'contact', text: 'Preciso da segunda via, por favor.' },
      { from: 'agent', text: 'Segue a segunda via da fatura F-1187: https://demo.helena.com.br/boletos/F-1187.pdf' },
      { from: 'contact', text: 'Paguei agora, obrigado.' },
    ],
  },
  {
    key: 'joao:plano-anual',
    channel: 'qr',
    team: 'vendas',
    agent: 'agent',
    agoMs: 62 * DAY + 3 * 60 * MINUTE,
    lines: [
      { from: 'contact', text: 'Oi, quanto custa o plano anual?' },
      { from: 'agent', text: 'Oi, João! O plano anual sai por R$ 1.188, ou 12 x R$ 99 no cartão.' },
      { from: 'contact', text: 'Fechado, pode mandar o link.' },
      { from: 'note', text: 'Venda fechada: plano anual no cartão, 12 x R$ 99.' },
    ],
  },
];

/** The ids of the demo's past conversations, newest first. */
export const HISTORY_SESSION_IDS: readonly string[] = PAST.map((p) => historySessionId(p.key));

function historySessionId(key: string): string {
  return stableUuid(`session:history:${key}`);
}

/**
 * Writes João da Silva's past conversations when the demo company is there and they are not yet.
 * Returns how many it wrote.
 */
export function seedHistoryDemo(ctx: SandboxContext): number {
  const { db } = ctx;
  const contact = db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE id = ?').get(HISTORY_CONTACT.id);
  const agent = db.prepare<[string], { user_id: string }>('SELECT user_id FROM agents WHERE user_id = ?').get(demoAgentIds({ key: 'agent2' }).userId);
  if (!contact || !agent) return 0;
  const exists = db.prepare<[string], { id: string }>('SELECT id FROM sessions WHERE id = ?');
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, contact_id, channel_id, department_id, user_id, status, start_at, end_at, last_message_in,
       last_message_out, last_message_text, last_interaction_date, unread_count, created_at, updated_at)
     VALUES (@id, @contact_id, @channel_id, @department_id, @user_id, 'COMPLETED', @start_at, @end_at, @last_message_in,
       @last_message_out, @last_message_text, @last_interaction_date, 0, @start_at, @end_at)`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (id, session_id, direction, type, status, text, template_id, user_id, category, category_name, created_at, updated_at)
     VALUES (@id, @session_id, @direction, @type, @status, @text, @template_id, @user_id, @category, @category_name, @created_at, @created_at)`,
  );
  const nowMs = ctx.clock.nowMs();
  const iso = (ms: number) => new Date(ms).toISOString();
  let written = 0;
  db.transaction(() => {
    for (const past of PAST) {
      const id = historySessionId(past.key);
      if (exists.get(id)) continue;
      const userId = demoAgentIds({ key: past.agent }).userId;
      const startMs = nowMs - past.agoMs;
      // A few minutes between lines, as a real conversation goes.
      const at = (i: number) => iso(startMs + i * 4 * MINUTE);
      const said = past.lines.map((line, i) => ({ line, at: at(i) })).filter(({ line }) => line.from !== 'note');
      const lastIn = said.filter(({ line }) => line.from === 'contact').pop()?.at ?? null;
      const lastOut = said.filter(({ line }) => line.from === 'agent').pop()?.at ?? null;
      const last = said[said.length - 1];
      insertSession.run({
        id,
        contact_id: HISTORY_CONTACT.id,
        channel_id: CHANNEL[past.channel].id,
        department_id: TEAM[past.team].id,
        user_id: userId,
        start_at: at(0),
        end_at: at(past.lines.length + 1),
        last_message_in: lastIn,
        last_message_out: lastOut,
        last_message_text: last?.line.text ?? null,
        last_interaction_date: last?.at ?? null,
      });
      past.lines.forEach((line, i) => {
        const template = line.from === 'agent' && line.template ? demoTemplateId(line.template) : null;
        insertMessage.run({
          id: stableUuid(`message:history:${past.key}:${i}`),
          session_id: id,
          direction: line.from === 'contact' ? 'TO_HUB' : 'FROM_HUB',
          type: line.from === 'note' ? 'NOTE' : 'TEXT',
          status: line.from === 'note' ? 'SAVED' : line.from === 'contact' ? 'DELIVERED' : 'READ',
          text: line.text,
          template_id: template,
          user_id: line.from === 'contact' ? null : userId,
          category: line.from === 'agent' ? (template ? 'UTILITY' : 'SERVICE') : null,
          category_name: template ? 'Utilidade' : null,
          created_at: at(i),
        });
      });
      written++;
    }
  })();
  return written;
}

/**
 * Rows of the conversation tables and the prepared statements that read and write them.
 * Statements are prepared once per database (cached in a WeakMap), so every route and the
 * inbound path share them.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { SandboxContext } from '../context';
import type { ChannelRow as DirectoryChannelRow } from '../data/directory';
import type { TemplateRow as TemplateTableRow } from '../data/templates';

import type { ContactRow } from '../data/contacts';

export type { ContactRow };

/** The columns of a channel the sending rules read (rows of data/directory.ts). */
export type ChannelRow = Pick<DirectoryChannelRow, 'id' | 'type' | 'number' | 'display_name' | 'active'>;

/** The columns of a template the sending rules read (rows of data/templates.ts). */
export type TemplateRow = Pick<
  TemplateTableRow,
  | 'id'
  | 'channel_id'
  | 'name'
  | 'text'
  | 'status'
  | 'kinds'
  | 'params'
  | 'category_name'
  | 'file_type'
  | 'department_ids'
  | 'active'
  | 'archived'
>;

export interface SessionRow {
  id: string;
  contact_id: string | null;
  channel_id: string;
  department_id: string | null;
  user_id: string | null;
  status: string;
  start_at: string;
  end_at: string | null;
  last_message_in: string | null;
  last_message_out: string | null;
  last_message_text: string | null;
  last_interaction_date: string | null;
  unread_count: number;
  created_at: string;
  updated_at: string;
}

/** A session with its channel's type and number (what the DTO and the rules need). */
export interface SessionWithChannel extends SessionRow {
  channel_type: string;
  channel_number: string | null;
}

export interface MessageRow {
  seq: number;
  id: string;
  session_id: string;
  direction: string;
  type: string;
  status: string;
  text: string | null;
  template_id: string | null;
  parameters: string | null;
  /** The file the message carries (a media template's, or a file sent with a caption); null otherwise. */
  file_id: string | null;
  /** Its public URL; null when it was named by the id of an uploaded file. */
  file_url: string | null;
  /** What PublicFileDTO says of it: the saved file's name, MIME type, size and type, or the URL's name. */
  file_name: string | null;
  file_mime: string | null;
  file_size: number | null;
  file_kind: string | null;
  ref_id: string | null;
  user_id: string | null;
  wait_reply: number;
  category: string | null;
  category_name: string | null;
  cost_amount: number | null;
  cost_currency: string | null;
  cost_country: string | null;
  failed_reason: string | null;
  created_at: string;
  updated_at: string;
  /**
   * When a held (WAIT_REPLY) message went to WhatsApp: the contact's reply released it, just after
   * that reply. NULL while held, for one never released, and for every other message (those go, or
   * arrive, at created_at).
   */
  sent_at: string | null;
}

/** A new message: none is released yet. */
export type NewMessage = Omit<MessageRow, 'seq' | 'sent_at'>;

/**
 * A message with no template, file or cost (a contact's text, an internal note): the given fields,
 * every other column empty, created and updated at `at`.
 */
export function plainMessage(
  fields: Pick<NewMessage, 'id' | 'session_id' | 'direction' | 'type' | 'status' | 'text' | 'ref_id' | 'user_id'>,
  at: string,
): NewMessage {
  return {
    ...fields,
    template_id: null,
    parameters: null,
    file_id: null,
    file_url: null,
    file_name: null,
    file_mime: null,
    file_size: null,
    file_kind: null,
    wait_reply: 0,
    category: null,
    category_name: null,
    cost_amount: null,
    cost_currency: null,
    cost_country: null,
    failed_reason: null,
    created_at: at,
    updated_at: at,
  };
}

const SESSION_WITH_CHANNEL = `SELECT s.*, c.type AS channel_type, c.number AS channel_number
  FROM sessions s JOIN channels c ON c.id = s.channel_id`;

function prepareAll(db: Database.Database) {
  return {
    sessionById: db.prepare<[string], SessionWithChannel>(`${SESSION_WITH_CHANNEL} WHERE s.id = ?`),
    openSessionOf: db.prepare<[string, string], SessionWithChannel>(
      `${SESSION_WITH_CHANNEL} WHERE s.contact_id = ? AND s.channel_id = ? AND s.status <> 'COMPLETED'
       ORDER BY s.created_at DESC, s.id DESC LIMIT 1`,
    ),
    latestSessionOfContact: db.prepare<[string], SessionRow>(
      'SELECT * FROM sessions WHERE contact_id = ? ORDER BY updated_at DESC, id DESC LIMIT 1',
    ),
    insertSession: db.prepare<[SessionRow]>(
      `INSERT INTO sessions (id, contact_id, channel_id, department_id, user_id, status, start_at, end_at, last_message_in,
         last_message_out, last_message_text, last_interaction_date, unread_count, created_at, updated_at)
       VALUES (@id, @contact_id, @channel_id, @department_id, @user_id, @status, @start_at, @end_at, @last_message_in,
         @last_message_out, @last_message_text, @last_interaction_date, @unread_count, @created_at, @updated_at)`,
    ),
    updateSession: db.prepare<[SessionRow]>(
      `UPDATE sessions SET department_id = @department_id, user_id = @user_id, status = @status, end_at = @end_at,
         last_message_in = @last_message_in, last_message_out = @last_message_out, last_message_text = @last_message_text,
         last_interaction_date = @last_interaction_date, unread_count = @unread_count, updated_at = @updated_at
       WHERE id = @id`,
    ),
    messageById: db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?'),
    messageByRefId: db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE ref_id = ?'),
    heldMessagesOf: db.prepare<[string], MessageRow>(
      "SELECT * FROM messages WHERE session_id = ? AND status = 'WAIT_REPLY' ORDER BY seq",
    ),
    insertMessage: db.prepare<[NewMessage]>(
      `INSERT INTO messages (id, session_id, direction, type, status, text, template_id, parameters, file_id, file_url, file_name,
         file_mime, file_size, file_kind, ref_id, user_id, wait_reply, category, category_name, cost_amount, cost_currency, cost_country,
         failed_reason, created_at, updated_at)
       VALUES (@id, @session_id, @direction, @type, @status, @text, @template_id, @parameters, @file_id, @file_url, @file_name,
         @file_mime, @file_size, @file_kind, @ref_id, @user_id, @wait_reply, @category, @category_name, @cost_amount, @cost_currency,
         @cost_country, @failed_reason, @created_at, @updated_at)`,
    ),
    updateMessage: db.prepare<[MessageRow]>(
      `UPDATE messages SET status = @status, wait_reply = @wait_reply, category = @category, category_name = @category_name,
         cost_amount = @cost_amount, cost_currency = @cost_currency, cost_country = @cost_country,
         failed_reason = @failed_reason, updated_at = @updated_at, sent_at = @sent_at
       WHERE id = @id`,
    ),
    channelById: db.prepare<[string], ChannelRow>('SELECT * FROM channels WHERE id = ?'),
    channels: db.prepare<[], ChannelRow>('SELECT * FROM channels ORDER BY created_at, id'),
    contactById: db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE id = ?'),
    contactByPhone: db.prepare<[string], ContactRow>('SELECT * FROM contacts WHERE phone = ? ORDER BY created_at LIMIT 1'),
    templateById: db.prepare<[string], TemplateRow>('SELECT * FROM templates WHERE id = ?'),
    departmentById: db.prepare<[string], { id: string; name: string; is_default: number }>(
      'SELECT id, name, is_default FROM departments WHERE id = ?',
    ),
    departmentByName: db.prepare<[string], { id: string; name: string; is_default: number }>(
      'SELECT id, name, is_default FROM departments WHERE name = ? COLLATE NOCASE ORDER BY created_at LIMIT 1',
    ),
    defaultDepartment: db.prepare<[], { id: string }>(
      'SELECT id FROM departments ORDER BY is_default DESC, created_at, id LIMIT 1',
    ),
    membership: db.prepare<[string, string], { is_agent: number; is_supervisor: number }>(
      'SELECT is_agent, is_supervisor FROM department_agents WHERE department_id = ? AND user_id = ?',
    ),
    agentByUserId: db.prepare<[string], { user_id: string; profile: string; email: string; phone: string | null }>(
      'SELECT user_id, profile, email, phone FROM agents WHERE user_id = ?',
    ),
    agentByLogin: db.prepare<[string, string], { user_id: string; profile: string; email: string; phone: string | null }>(
      'SELECT user_id, profile, email, phone FROM agents WHERE email = ? COLLATE NOCASE OR phone = ? LIMIT 1',
    ),
  };
}

export type ConversationRepo = ReturnType<typeof prepareAll>;

const cache = new WeakMap<Database.Database, ConversationRepo>();

export function repoOf(ctx: SandboxContext): ConversationRepo {
  let repo = cache.get(ctx.db);
  if (!repo) {
    repo = prepareAll(ctx.db);
    cache.set(ctx.db, repo);
  }
  return repo;
}

/** The fields a new conversation is opened with; the rest start empty. */
export type NewSession = Pick<SessionRow, 'contact_id' | 'channel_id' | 'department_id' | 'user_id' | 'status'>;

/** Inserts a new conversation (no messages yet, nothing unread) and reads it back with its channel. Inside a transaction. */
export function insertNewSession(ctx: SandboxContext, fields: NewSession): SessionWithChannel {
  const repo = repoOf(ctx);
  const now = ctx.clock.iso();
  const id = randomUUID();
  repo.insertSession.run({
    id,
    ...fields,
    start_at: now,
    end_at: null,
    last_message_in: null,
    last_message_out: null,
    last_message_text: null,
    last_interaction_date: null,
    unread_count: 0,
    created_at: now,
    updated_at: now,
  });
  const session = repo.sessionById.get(id);
  if (!session) throw new Error('session insert lost');
  return session;
}

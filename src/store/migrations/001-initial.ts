/**
 * The first schema of the local cache + outbox.
 *
 * Times are ISO-8601 UTC strings exactly as the API sends them (they sort as text). JSON columns
 * hold arrays/maps as the DTO carries them. The cache keeps few foreign keys on purpose: sync may
 * deliver a session before its contact or a message before its session, and the cache must accept
 * both; only parts owned by one parent (team members, outbox rows of a local message) cascade.
 */
import type Database from 'better-sqlite3';

const SQL = `
-- Contacts. rank_key orders contacts by recent activity (see contact-keys.ts) and is the rowid
-- of both search indexes, so "best matches, most recent first" walks an index backwards and stops
-- after one page instead of sorting every match. The table's own rowid (seq) only grows, so bulk
-- ingest appends instead of splitting pages all over the file.
CREATE TABLE contacts (
  seq INTEGER PRIMARY KEY,
  rank_key INTEGER NOT NULL UNIQUE,
  id TEXT NOT NULL UNIQUE,
  name TEXT,
  name_norm TEXT NOT NULL DEFAULT '',     -- search words of the name: folded, letters split from digits
  search_keys TEXT,                       -- marked first words of name and email ("starts with") and
                                          -- exact-match tokens of name, phone, email (contact-keys.ts)
  phone TEXT,                             -- E.164 as the API sends it
  phone_digits TEXT,                      -- digits of phone, e.g. 5511987654321
  phone_national TEXT,                    -- digits after the country code, e.g. 11987654321
  email TEXT,
  email_norm TEXT,                        -- lower-case email
  instagram TEXT,
  annotation TEXT,
  tag_ids TEXT NOT NULL DEFAULT '[]',
  tag_names TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL,
  origin TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  last_activity_at TEXT                   -- last message in or out, from sessions
) STRICT;

-- The two search indexes are kept in step with contacts by contacts-repo.ts, in the same
-- transaction and set-wise per batch (one FTS5 write per batch instead of one per row is what
-- makes bulk ingest fast): write contacts only through ContactsRepo.

-- Names and emails: word prefixes, case- and accent-insensitive. Contentless: ContactsRepo feeds it
-- the search words of name and email (contact-keys.ts searchWords: folded, letters split from
-- digits) and search_keys, which holds head tokens (contact-keys.ts, HEAD_MARK) so "starts with"
-- reads a short list, and the exact-match tokens: exact name/phone/email lookups read one short
-- posting list, and ingest does not pay a random B-tree insert per key (no secondary index but id
-- and rank_key on contacts). Queries read only rowids from it.
CREATE VIRTUAL TABLE contacts_fts USING fts5(
  name, email, search_keys,
  content = '',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '1 2 3',
  columnsize = 0
);
-- Phone digits: any substring of 3+ digits (trigram) of the national number, written as
-- '!' || national || '$' so that "starts with" ('!1198') is a substring query too. A number typed
-- with its country code is looked up by its national part; whole numbers use the exact token.
CREATE VIRTUAL TABLE contacts_phone_fts USING fts5(
  national,
  content = '',
  tokenize = 'trigram',
  columnsize = 0
);
-- A batch of a few thousand contacts holds more than FTS5's default 1 MB of pending terms; a
-- larger buffer writes one segment per batch instead of several (less merging later).
INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO contacts_phone_fts (contacts_phone_fts, rank) VALUES ('hashsize', 16777216);

CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,                     -- ChannelType, e.g. CloudAPI_WhatsApp
  active INTEGER NOT NULL,
  number TEXT,
  number_formatted TEXT,
  display_name TEXT,
  picture_url TEXT,
  created_at TEXT,
  updated_at TEXT
) STRICT;

-- Teams are HelenaCRM departments.
CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT,
  is_default INTEGER NOT NULL,
  restriction_type TEXT NOT NULL,
  channels TEXT NOT NULL DEFAULT '[]',    -- [{id, number, name, type}]
  created_at TEXT,
  updated_at TEXT
) STRICT;
CREATE TABLE team_agents (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  is_agent INTEGER NOT NULL,
  is_supervisor INTEGER NOT NULL,
  PRIMARY KEY (team_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX team_agents_user ON team_agents(user_id);

-- The signed-in agent: at most one row.
CREATE TABLE me (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  name TEXT,
  short_name TEXT,
  email TEXT,
  phone TEXT,
  profile TEXT,
  departments TEXT NOT NULL DEFAULT '[]', -- [{departmentId, isAgent, isSupervisor}]
  updated_at TEXT,
  saved_at TEXT NOT NULL
) STRICT;

CREATE TABLE templates (
  id TEXT PRIMARY KEY,
  channel_id TEXT,
  channel_type TEXT,
  name TEXT,
  internal_name TEXT,
  text TEXT,
  footer_text TEXT,
  status TEXT NOT NULL,                   -- TemplateStatus, e.g. Approved
  active INTEGER NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  kinds TEXT NOT NULL DEFAULT '[]',       -- TemplateKind[], e.g. ["TEMPLATE"]
  params TEXT NOT NULL DEFAULT '[]',      -- parameter names in order, e.g. ["nome"]
  category_id TEXT,
  category_name TEXT,                     -- e.g. Marketing, Utilidade
  quick_reply_alias TEXT,
  department_ids TEXT,                    -- allowed teams; NULL or [] = every team
  created_at TEXT,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX templates_channel ON templates(channel_id, status);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  contact_id TEXT,
  channel_id TEXT NOT NULL,
  channel_type TEXT,
  department_id TEXT,
  user_id TEXT,
  status TEXT NOT NULL,                   -- SessionStatus
  window_status TEXT NOT NULL,            -- WindowStatus
  unread_count INTEGER NOT NULL DEFAULT 0,
  last_message_text TEXT,
  last_message_in TEXT,
  last_message_out TEXT,
  last_interaction_at TEXT,
  title TEXT,
  number TEXT,
  origin TEXT,
  type TEXT,
  start_at TEXT,
  end_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_contact ON sessions(contact_id);
CREATE INDEX sessions_status ON sessions(status, updated_at);
CREATE INDEX sessions_updated ON sessions(updated_at);

-- Messages, received and sent. local_id is ours (a UUID made when the agent sends, or the server
-- id for messages we only received); id is the server's, known once the server has it.
CREATE TABLE messages (
  local_id TEXT PRIMARY KEY,
  id TEXT UNIQUE,
  ref_id TEXT UNIQUE,
  session_id TEXT,
  conversation_key TEXT NOT NULL,         -- session id, or the start key while no session exists
  direction TEXT NOT NULL CHECK (direction IN ('FROM_HUB', 'TO_HUB')),
  type TEXT NOT NULL DEFAULT 'TEXT',
  status TEXT NOT NULL,                   -- MessageStatus, or LOCAL while only in the outbox
  text TEXT,
  template_id TEXT,
  parameters TEXT,                        -- {name: value}
  wait_reply INTEGER NOT NULL DEFAULT 0,
  failed_reason TEXT,
  category_name TEXT,
  cost TEXT,                              -- {category, country, amount, currency}
  user_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT                            -- the message's own timestamp, when the server gives one
) STRICT;
CREATE INDEX messages_conversation ON messages(conversation_key, created_at);
CREATE INDEX messages_session ON messages(session_id, created_at);

-- The durable outbox: one row per message the agent sent, written in the same transaction as the
-- message row. seq orders rows within a conversation (one serial queue per conversation).
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  local_id TEXT NOT NULL UNIQUE REFERENCES messages(local_id) ON DELETE CASCADE,
  ref_id TEXT NOT NULL UNIQUE,
  conversation_key TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('start', 'text', 'template')),
  state TEXT NOT NULL CHECK (state IN ('queued', 'waiting_reply', 'sending', 'sent', 'failed', 'cancelled')),
  payload TEXT NOT NULL,                  -- JSON: the send body (start or session message)
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_error TEXT,
  retryable INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX outbox_conversation ON outbox(conversation_key, seq);
CREATE INDEX outbox_state ON outbox(state, next_attempt_at);

CREATE TABLE drafts (
  conversation_key TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sync_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- Offset of the last realtime event applied to the cache: reconnects resume after it.
CREATE TABLE realtime_cursor (
  slot INTEGER PRIMARY KEY CHECK (slot = 1),
  last_offset INTEGER NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
`;

export const version = 1;
export const name = 'initial';
export function up(db: Database.Database): void {
  db.exec(SQL);
}

/**
 * The sandbox's tables. One company per server. Column names are snake_case; the routes map them
 * to HelenaCRM's camelCase DTOs. JSON columns hold arrays/maps exactly as the DTO carries them.
 * Times are ISO-8601 UTC strings from the sandbox clock (they sort as text).
 */
import type Database from 'better-sqlite3';

export const SANDBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS company (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS agents (
  id TEXT PRIMARY KEY,              -- PublicAgentDTO.id
  user_id TEXT NOT NULL UNIQUE,     -- PublicAgentDTO.userId: what sessions and teams refer to
  name TEXT NOT NULL,
  short_name TEXT,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  phone TEXT UNIQUE,                -- E.164
  profile TEXT NOT NULL CHECK (profile IN ('Admin','Agent','RestrictedAgent')),
  availability TEXT NOT NULL DEFAULT 'AVAILABLE' CHECK (availability IN ('AVAILABLE','UNAVAILABLE')), -- "Em pausa" = UNAVAILABLE
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS departments (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  restriction_type TEXT NOT NULL DEFAULT 'NONE',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS department_agents (
  department_id TEXT NOT NULL REFERENCES departments(id),
  user_id TEXT NOT NULL REFERENCES agents(user_id),
  is_agent INTEGER NOT NULL DEFAULT 1,
  is_supervisor INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (department_id, user_id)
) STRICT;

CREATE TABLE IF NOT EXISTS channels (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,               -- ChannelType: CloudAPI_WhatsApp, EvolutionApi_WhatsApp, Instagram ...
  number TEXT,
  display_name TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS department_channels (
  department_id TEXT NOT NULL REFERENCES departments(id),
  channel_id TEXT NOT NULL REFERENCES channels(id),
  PRIMARY KEY (department_id, channel_id)
) STRICT;

CREATE TABLE IF NOT EXISTS contacts (
  id TEXT PRIMARY KEY,
  name TEXT,
  phone TEXT,                       -- E.164, e.g. +5511987654321
  email TEXT,
  instagram TEXT,
  annotation TEXT,
  tag_names TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'ACTIVE',
  origin TEXT NOT NULL DEFAULT 'CREATED_BY_USER',
  search TEXT NOT NULL DEFAULT '',  -- lower-cased, accent-free name + email + phone digits, for textFilter
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS contacts_updated ON contacts(updated_at, id);
CREATE INDEX IF NOT EXISTS contacts_phone ON contacts(phone);
-- The default list (Status=ACTIVE ordered by UpdatedAt) and its count, fast with a million contacts.
CREATE INDEX IF NOT EXISTS contacts_status_updated ON contacts(status, updated_at, id);

-- The company's tags ("etiquetas", GET /core/v1/tag). Contacts keep tag names (contacts.tag_names);
-- a name used on a contact that is not here yet becomes a tag (as HelenaCRM does on create/upsert).
-- id = tagIdOf(name) (data/ids.ts), so a name maps to one id on every run.
CREATE TABLE IF NOT EXISTS tags (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE COLLATE NOCASE,
  color TEXT,                       -- PublicTagDTO.color, e.g. GREEN_500; NULL outside the palette
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- How a simulated contact behaves after receiving a template: reply after N ms, or never (NULL).
CREATE TABLE IF NOT EXISTS contact_scripts (
  contact_id TEXT PRIMARY KEY REFERENCES contacts(id),
  reply_after_ms INTEGER,
  reply_text TEXT
) STRICT;

CREATE TABLE IF NOT EXISTS templates (
  id TEXT PRIMARY KEY,
  channel_id TEXT REFERENCES channels(id),
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  footer_text TEXT,
  status TEXT NOT NULL,             -- Approved, InRevision, Disapproved ...
  kinds TEXT NOT NULL,              -- JSON array of TemplateKind, e.g. ["TEMPLATE"] or ["QUICKREPLY"]
  params TEXT NOT NULL DEFAULT '[]',-- JSON array of parameter names, in order of appearance
  category_name TEXT,               -- Marketing, Utilidade, Autenticação
  quick_reply_alias TEXT,
  file_type TEXT NOT NULL DEFAULT 'UNDEFINED', -- media header: IMAGE, VIDEO, DOCUMENT; UNDEFINED = text only
  department_ids TEXT NOT NULL DEFAULT '[]', -- JSON array; empty = every team
  active INTEGER NOT NULL DEFAULT 1,
  archived INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS login_codes (
  login TEXT NOT NULL,              -- normalised email or E.164 phone
  user_id TEXT NOT NULL REFERENCES agents(user_id),
  code TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS login_codes_login ON login_codes(login, created_at);

CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,      -- sha256 of the token; the token itself is never stored
  user_id TEXT NOT NULL REFERENCES agents(user_id),
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS sessions (
  id TEXT PRIMARY KEY,
  contact_id TEXT REFERENCES contacts(id),
  channel_id TEXT NOT NULL REFERENCES channels(id),
  department_id TEXT REFERENCES departments(id),
  user_id TEXT REFERENCES agents(user_id),
  status TEXT NOT NULL,             -- STARTED, PENDING, IN_PROGRESS, COMPLETED, HIDDEN
  start_at TEXT NOT NULL,
  end_at TEXT,
  last_message_in TEXT,             -- opens the 24 h window
  last_message_out TEXT,
  last_message_text TEXT,
  last_interaction_date TEXT,
  unread_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS sessions_updated ON sessions(updated_at, id);
CREATE INDEX IF NOT EXISTS sessions_contact ON sessions(contact_id, channel_id);

CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, -- order of creation; WAIT_REPLY messages are released in this order
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  direction TEXT NOT NULL,          -- FROM_HUB (business) or TO_HUB (contact)
  type TEXT NOT NULL DEFAULT 'TEXT',
  status TEXT NOT NULL,
  text TEXT,
  template_id TEXT,
  parameters TEXT,                  -- JSON map
  file_id TEXT,                     -- the file the message carries (type IMAGE, VIDEO, DOCUMENT, AUDIO)
  file_url TEXT,                    -- its public URL; NULL when it was given by the id of an uploaded file
  file_name TEXT,                   -- as PublicFileDTO shows it: the saved file's, or the URL's last segment
  file_mime TEXT,
  file_size INTEGER,
  file_kind TEXT,                   -- PublicFileV2DTO type of a saved file (PDF, IMAGE, DOCUMENT …)
  ref_id TEXT UNIQUE,               -- client idempotency key
  user_id TEXT,
  wait_reply INTEGER NOT NULL DEFAULT 0,
  category TEXT,                    -- MARKETING, UTILITY, AUTHENTICATION, SERVICE
  category_name TEXT,               -- as HelenaCRM names it (Marketing, Utilidade ...)
  cost_amount REAL,
  cost_currency TEXT,
  cost_country TEXT,
  failed_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  sent_at TEXT                      -- when a held (WAIT_REPLY) message was released to WhatsApp; NULL for the others
) STRICT;
CREATE INDEX IF NOT EXISTS messages_session ON messages(session_id, seq);
CREATE INDEX IF NOT EXISTS messages_updated ON messages(updated_at);

-- GET /core/v2/file hands out a slot (tempFileId) and a URL to PUT the bytes to; POST /core/v2/file
-- saves them as a file (below). A slot saved once answers the same file again (file_id).
CREATE TABLE IF NOT EXISTS uploads (
  temp_file_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  mime_type TEXT NOT NULL,
  type TEXT NOT NULL,               -- the Type asked for, or the one identified for UNDEFINED
  content BLOB,                     -- the PUT's bytes; NULL before the PUT and after the save
  size INTEGER,
  file_id TEXT,                     -- set by the save
  expires_at TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Saved files (PublicFileV2DTO); messages name them by id (fileId) and may reuse them.
CREATE TABLE IF NOT EXISTS files (
  id TEXT PRIMARY KEY,
  user_id TEXT,
  name TEXT NOT NULL,
  extension TEXT,
  mime_type TEXT NOT NULL,
  type TEXT NOT NULL,               -- PDF, EXCEL, WORD, IMAGE, AUDIO, VIDEO, DOCUMENT, UNDEFINED
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Scheduled messages (POST /chat/v1/scheduled-message): a template sent when the clock passes
-- \`scheduling\`, into the contact's conversation as /send/template would.
CREATE TABLE IF NOT EXISTS scheduled_messages (
  id TEXT PRIMARY KEY,
  contact_id TEXT NOT NULL REFERENCES contacts(id),
  channel_id TEXT NOT NULL REFERENCES channels(id),
  department_id TEXT REFERENCES departments(id),
  user_id TEXT NOT NULL REFERENCES agents(user_id),
  template_id TEXT NOT NULL,
  parameters TEXT NOT NULL DEFAULT '{}',
  file_id TEXT,
  file_url TEXT,
  hidden_session INTEGER NOT NULL DEFAULT 0,
  scheduling TEXT NOT NULL,
  status TEXT NOT NULL,             -- SCHEDULED, SENT, CANCELED, FAILED
  session_id TEXT,
  message_id TEXT,
  failure_reason TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS scheduled_due ON scheduled_messages(status, scheduling);
CREATE INDEX IF NOT EXISTS scheduled_contact ON scheduled_messages(contact_id, created_at);
`;

/**
 * Columns added after a data folder may already have been created (`CREATE TABLE IF NOT EXISTS`
 * leaves an old table as it is): added on open when missing, so ./.sandbox-data keeps working.
 */
const ADDED_COLUMNS: readonly { table: string; column: string; ddl: string }[] = [
  { table: 'templates', column: 'file_type', ddl: "file_type TEXT NOT NULL DEFAULT 'UNDEFINED'" },
  { table: 'messages', column: 'file_id', ddl: 'file_id TEXT' },
  { table: 'messages', column: 'file_url', ddl: 'file_url TEXT' },
  { table: 'messages', column: 'file_name', ddl: 'file_name TEXT' },
  { table: 'messages', column: 'file_mime', ddl: 'file_mime TEXT' },
  { table: 'messages', column: 'file_size', ddl: 'file_size INTEGER' },
  { table: 'messages', column: 'file_kind', ddl: 'file_kind TEXT' },
  { table: 'messages', column: 'sent_at', ddl: 'sent_at TEXT' },
  {
    table: 'agents',
    column: 'availability',
    ddl: "availability TEXT NOT NULL DEFAULT 'AVAILABLE' CHECK (availability IN ('AVAILABLE','UNAVAILABLE'))",
  },
];

export function createSandboxSchema(db: Database.Database): void {
  db.exec(SANDBOX_SCHEMA);
  for (const { table, column, ddl } of ADDED_COLUMNS) {
    const columns = db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all();
    if (!columns.some((c) => c.name === column)) db.exec(`ALTER TABLE ${table} ADD COLUMN ${ddl}`);
  }
}

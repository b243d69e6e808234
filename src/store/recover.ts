/**
 * A damaged database file (a power cut on a bad disk, an antivirus or a backup tool mangling it)
 * must neither stop the agent nor cost the messages only this computer holds. Opening goes through
 * here: when SQLite says the file is damaged (SQLITE_CORRUPT*, SQLITE_NOTADB), or when a failure
 * met while running asked for a check at the next start (markForCheck) and `PRAGMA quick_check`
 * fails, the file and its -wal/-shm move into `<dataDir>/danificado-<time>/` (kept for support,
 * never deleted by the app), a fresh database opens, and what HelenaCRM cannot give back is copied
 * from the damaged copy: the queued outbox entries with their messages (same local ids, refIds and
 * seq, so each goes out at most once: the server dedupes by refId and the outbox's restart rules
 * apply unchanged), the drafts, and the signed-in agent (the saved login resumes). Everything else
 * comes back with the first sync.
 *
 * quick_check reads the whole file (seconds for a million contacts), so it runs only when marked.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_DB_FILE } from './db';
import { storageFailureOf } from './errors';
import { LATEST_SCHEMA_VERSION } from './migrations';
import { openStore, type OpenStoreOptions, type Store } from './store';

/** Prefix of the folders damaged databases are kept in, inside the data folder. */
export const DAMAGED_FOLDER_PREFIX = 'danificado-';

/** Outbox states not yet handed over to HelenaCRM for good: what only this computer holds. */
const HELD_STATES = ['queued', 'waiting_reply', 'sending', 'failed'] as const;

export interface RecoveryReport {
  /** When the damaged database was set aside (ISO-8601). */
  at: string;
  /** The folder's name inside the data folder, e.g. danificado-2025-03-01T12-00-00-000Z. */
  folder: string;
  /**
   * How the damage was found: opening failed, the check a failure while running asked for, or an
   * earlier start that set the copy aside but could not finish copying the queue back.
   */
  found: 'open' | 'check' | 'earlier';
  /**
   * The damaged copy's schema: only 'current' is salvaged from. 'newer'/'older': written by another
   * version of the app (kept for support, nothing copied); 'unreadable': its schema could not be read.
   */
  schema: 'current' | 'newer' | 'older' | 'unreadable';
  /** Queued messages and notes copied back (outbox entries with their message rows). */
  messages: number;
  drafts: number;
  /** The signed-in agent was copied back: the saved login resumes. */
  agent: boolean;
  /** Tables of the damaged copy that could not be read (their pages are damaged). */
  unreadable: string[];
  /** Copying back failed (a full disk, say): nothing came back yet, and the next start tries again. */
  salvageFailed: boolean;
}

export interface RecoveringOptions extends OpenStoreOptions {
  /** One line per step, for the app's log (never message texts). */
  log?: (line: string) => void;
}

export interface OpenedStore {
  store: Store;
  /** Set when this open set a damaged database aside; the agent is told once. */
  recovery: RecoveryReport | null;
}

/** The marker a failure while running leaves, so the next start checks the file first. */
export function checkMarkerPath(location: string, fileName = DEFAULT_DB_FILE): string {
  return join(location, `${fileName}.verificar`);
}

/**
 * Asks the next start to run quick_check before trusting the file (a command, sync or the outbox
 * met SQLITE_CORRUPT). Best effort: a folder that refuses the marker is no reason to fail more.
 */
export function markForCheck(location: string, fileName: string | undefined, reason: string): void {
  if (location === ':memory:') return;
  try {
    writeFileSync(checkMarkerPath(location, fileName), JSON.stringify({ at: new Date().toISOString(), reason }) + '\n');
  } catch {
    // The failure itself is already reported to the agent; the check waits for the next marker.
  }
}

/** The damage SQLite reports, also when it surfaces wrapped (a migration's cause). */
export function isCorruption(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    if (storageFailureOf(e) === 'corrupt') return true;
    e = typeof e === 'object' && 'cause' in e ? (e as { cause: unknown }).cause : null;
  }
  return false;
}

/**
 * Inside a kept folder, until its salvage has been done: the fresh database may fail to open right
 * after the damaged one was set aside (the disk that damaged it is often full too), or the salvage
 * itself may fail; the next start then copies the queue back from that folder instead of forgetting it.
 */
const SALVAGE_PENDING = 'recuperacao-pendente';

/** Removes a marker file, best effort: a file the OS will not let go of must not stop the app. */
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Held by another program (an antivirus): it is removed at a later start.
  }
}

/** openStore, with damaged files set aside and the queue salvaged (see the top of this file). */
export function openStoreRecovering(options: RecoveringOptions): OpenedStore {
  if (options.location === ':memory:') return { store: openStore(options), recovery: null };
  const log = options.log ?? (() => undefined);
  const fileName = options.fileName ?? DEFAULT_DB_FILE;
  const marker = checkMarkerPath(options.location, fileName);
  let found: RecoveryReport['found'];
  let original: unknown = null;
  try {
    const store = openStore(options);
    if (!existsSync(marker)) return { store, recovery: salvagePending(store, options, fileName, log) };
    const startedAt = Date.now();
    const problem = quickCheckProblem(store);
    if (problem === null) {
      log(`dados locais: verificação pedida por uma falha anterior; o banco está íntegro (${Date.now() - startedAt} ms)`);
      removeQuietly(marker);
      return { store, recovery: salvagePending(store, options, fileName, log) };
    }
    log(`dados locais: a verificação encontrou dano (${problem})`);
    store.close();
    found = 'check';
  } catch (error) {
    if (!isCorruption(error)) throw error;
    log(`dados locais: o banco não abre (${codeOf(error)})`);
    found = 'open';
    original = error;
  }

  const at = new Date();
  const folder = `${DAMAGED_FOLDER_PREFIX}${at.toISOString().replace(/[:.]/g, '-')}`;
  const kept = join(options.location, folder);
  try {
    setAside(options.location, fileName, kept);
  } catch (error) {
    // Still in place, nothing lost.
    try {
      rmdirSync(kept); // only when empty: a file the rollback left stays for support
    } catch {
      // Not empty, or already gone.
    }
    // It opened before the check: keep working on it (the marker stays; a later start tries again).
    if (found === 'check') {
      log(`dados locais: não foi possível separar o banco danificado (${codeOf(error)}); seguindo com ele`);
      return { store: openStore(options), recovery: null };
    }
    throw original ?? error;
  }
  // Written before anything else can fail: whatever happens next, a later start finishes the salvage.
  try {
    writeFileSync(join(kept, SALVAGE_PENDING), `${at.toISOString()}\n`);
  } catch {
    // No room even for this: the salvage below is the only try, and its outcome is told.
  }
  removeQuietly(marker);
  const store = openStore(options);
  return { store, recovery: salvageFrom(store, folder, at.toISOString(), found, options, fileName, log) };
}

/**
 * A kept folder whose salvage never finished (the fresh database failed to open, or the salvage
 * failed, at the start that set it aside): done now, into this store. The newest such folder only.
 */
function salvagePending(store: Store, options: RecoveringOptions, fileName: string, log: (line: string) => void): RecoveryReport | null {
  let folders: string[];
  try {
    folders = readdirSync(options.location).filter((name) => name.startsWith(DAMAGED_FOLDER_PREFIX) && existsSync(join(options.location, name, SALVAGE_PENDING)));
  } catch {
    return null;
  }
  const folder = folders.sort().at(-1);
  if (!folder) return null;
  log(`dados locais: retomando a recuperação de ${folder}`);
  return salvageFrom(store, folder, new Date().toISOString(), 'earlier', options, fileName, log);
}

function salvageFrom(
  store: Store,
  folder: string,
  at: string,
  found: RecoveryReport['found'],
  options: RecoveringOptions,
  fileName: string,
  log: (line: string) => void,
): RecoveryReport {
  const kept = join(options.location, folder);
  const report: RecoveryReport = { at, folder, found, schema: 'unreadable', messages: 0, drafts: 0, agent: false, unreadable: [], salvageFailed: false };
  try {
    salvage(store, kept, fileName, report, options.nativeBinding);
    removeQuietly(join(kept, SALVAGE_PENDING));
  } catch (error) {
    // The queue is still in the kept copy: the agent is told, and the next start tries again.
    report.salvageFailed = true;
    report.messages = 0;
    report.drafts = 0;
    report.agent = false;
    log(`dados locais: falha ao recuperar da cópia danificada (${codeOf(error)}); nova tentativa no próximo início`);
  }
  log(
    `dados locais: cópia danificada guardada em ${folder}; esquema ${report.schema}; recuperados ${report.messages} mensagens da fila, ` +
      `${report.drafts} rascunhos, agente ${report.agent ? 'sim' : 'não'}` +
      (report.unreadable.length ? `; ilegíveis: ${report.unreadable.join(', ')}` : ''),
  );
  return report;
}

/** null when quick_check passes; else its first complaint (or the error it raised). */
function quickCheckProblem(store: Store): string | null {
  try {
    const rows = store.db.pragma('quick_check(1)') as Array<{ quick_check: string }>;
    const first = rows[0]?.quick_check ?? 'sem resposta';
    return first === 'ok' ? null : first.slice(0, 200);
  } catch (error) {
    if (isCorruption(error)) return codeOf(error);
    store.close();
    throw error;
  }
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  return code || (error instanceof Error ? error.name : 'erro');
}

/**
 * Moves the database and its -wal/-shm into `dest`, WAL first: a fresh database must never meet a
 * stale -wal (SQLite would replay it into the new file). A move that fails puts back what moved.
 */
function setAside(location: string, fileName: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  const moved: string[] = [];
  try {
    for (const suffix of ['-wal', '-shm', '']) {
      const from = join(location, fileName + suffix);
      if (!existsSync(from)) continue;
      renameSync(from, join(dest, fileName + suffix));
      moved.push(suffix);
    }
  } catch (error) {
    for (const suffix of moved.reverse()) {
      try {
        renameSync(join(dest, fileName + suffix), join(location, fileName + suffix));
      } catch {
        // Left in the kept folder: support finds it there.
      }
    }
    throw error;
  }
}

/** Copies what only this computer holds from the kept copy into the fresh store, table by table. */
function salvage(store: Store, folder: string, fileName: string, report: RecoveryReport, nativeBinding: string | undefined): void {
  const copy = openDamaged(folder, fileName, store, report, nativeBinding);
  if (!copy) return;
  const source = copy.db;
  try {
    const read = <T>(table: string, fn: () => T): T | null => {
      try {
        return fn();
      } catch {
        report.unreadable.push(table);
        return null;
      }
    };
    const me = read('me', () => selectAll(source, store, 'me', 'WHERE slot = 1'));
    const outbox = read('outbox', () =>
      selectAll(source, store, 'outbox', `WHERE state IN (${HELD_STATES.map((s) => `'${s}'`).join(', ')}) ORDER BY seq`),
    );
    // Each message by its key: a damaged page elsewhere in a long history costs no queued message.
    const messageColumns = columnsOf(store, 'messages');
    const messageById = source.prepare(`SELECT ${messageColumns.map(quote).join(', ')} FROM messages WHERE local_id = ?`).raw();
    const localIdAt = columnsOf(store, 'outbox').indexOf('local_id');
    const entries: Array<{ entry: unknown[]; message: unknown[] }> = [];
    let lostMessages = 0;
    for (const entry of outbox ?? []) {
      try {
        const message = messageById.get(entry[localIdAt]) as unknown[] | undefined;
        if (message) entries.push({ entry, message });
        else lostMessages++;
      } catch {
        lostMessages++;
      }
    }
    if (lostMessages > 0) report.unreadable.push(`messages (${lostMessages})`);
    const drafts = read('drafts', () => selectAll(source, store, 'drafts', ''));
    // Whether the agent was told about a failed schedule: HelenaCRM does not keep that either.
    const scheduleFailures = hasTable(store, 'schedule_failures') ? read('schedule_failures', () => selectAll(source, store, 'schedule_failures', '')) : null;

    // One transaction: the agent is told the counts of what is really there, or of nothing. A salvage
    // finished at a later start meets a store that has lived since (a login, a sync, new messages):
    // what it already holds wins, and a message it already has (same local id, refId or server id)
    // reached HelenaCRM or was copied before, so its entry is not brought back to go again.
    const outboxColumns = columnsOf(store, 'outbox');
    const at = (columns: string[], name: string) => columns.indexOf(name);
    const known = store.db.prepare('SELECT 1 FROM messages WHERE local_id = ? OR ref_id = ? OR (? IS NOT NULL AND id = ?)');
    const seqTaken = store.db.prepare('SELECT 1 FROM outbox WHERE seq = ?');
    const counts = store.transaction(() => {
      const agent = me?.length ? insertAll(store, 'me', me) : 0;
      let messages = 0;
      for (const { entry, message } of entries) {
        const serverId = message[at(messageColumns, 'id')] ?? null;
        if (known.get(message[at(messageColumns, 'local_id')], message[at(messageColumns, 'ref_id')], serverId, serverId)) continue;
        insertAll(store, 'messages', [message]);
        // Its place in the queue, unless a message queued since took it (then after those).
        const seq = entry[at(outboxColumns, 'seq')];
        insertAll(store, 'outbox', [entry], seqTaken.get(seq) ? ['seq'] : []);
        messages++;
      }
      const draftCount = drafts ? insertAll(store, 'drafts', drafts) : 0;
      if (scheduleFailures) insertAll(store, 'schedule_failures', scheduleFailures);
      return { agent, messages, drafts: draftCount };
    });
    report.agent = counts.agent > 0;
    report.messages = counts.messages;
    report.drafts = counts.drafts;
  } finally {
    source.close();
    copy.dispose();
  }
}

interface DamagedCopy {
  db: Database.Database;
  /** Removes the scratch copy a rebuilt header needed, once read. */
  dispose(): void;
}

/**
 * The kept copy, read-only, with its schema checked against this build's; null when nothing may be
 * read from it. A damaged header (SQLITE_NOTADB) is rebuilt in a scratch copy: the pages behind it
 * are often intact, and the queue is in them.
 */
function openDamaged(folder: string, fileName: string, store: Store, report: RecoveryReport, nativeBinding: string | undefined): DamagedCopy | null {
  const path = join(folder, fileName);
  const open = (file: string) => new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  let source: Database.Database | null = null;
  try {
    source = open(path);
    const version = Number(source.pragma('user_version', { simple: true }));
    report.schema = version === LATEST_SCHEMA_VERSION ? 'current' : version > LATEST_SCHEMA_VERSION ? 'newer' : 'older';
    if (report.schema === 'current') return { db: source, dispose: () => undefined };
    source.close();
    return null;
  } catch (error) {
    source?.close();
    if (storageFailureOf(error) !== 'corrupt') return null;
  }
  // The header's user_version is gone with it: the schema itself must be this build's, word for word.
  const scratchDir = join(folder, 'reparo-temporario');
  try {
    mkdirSync(scratchDir, { recursive: true });
    const scratch = join(scratchDir, fileName);
    copyFileSync(path, scratch);
    const wal = existsSync(path + '-wal');
    if (wal) copyFileSync(path + '-wal', scratch + '-wal');
    const expected = schemaOf(store.db);
    for (const pageSize of [4096, 1024, 2048, 8192, 16384, 32768, 65536]) {
      writeHeader(scratch, pageSize, wal);
      let candidate: Database.Database | null = null;
      try {
        candidate = open(scratch);
        if (schemaOf(candidate) !== expected) {
          candidate.close();
          continue;
        }
        report.schema = 'current';
        return { db: candidate, dispose: () => rmSync(scratchDir, { recursive: true, force: true }) };
      } catch {
        candidate?.close();
      }
    }
  } catch {
    // No room for a scratch copy, or unreadable: the kept copy stays for support.
  }
  rmSync(scratchDir, { recursive: true, force: true });
  return null;
}

/** A valid SQLite header for a file whose own is damaged (https://sqlite.org/fileformat.html §1.3). */
function writeHeader(file: string, pageSize: number, wal: boolean): void {
  const h = Buffer.alloc(100);
  h.write('SQLite format 3\0', 0, 'latin1');
  h.writeUInt16BE(pageSize === 65536 ? 1 : pageSize, 16);
  h[18] = wal ? 2 : 1;
  h[19] = wal ? 2 : 1;
  h[21] = 64;
  h[22] = 32;
  h[23] = 32;
  h.writeUInt32BE(1, 24); // change counter ≠ version-valid-for (92): the size comes from the file's length
  h.writeUInt32BE(1, 40); // schema cookie
  h.writeUInt32BE(4, 44); // schema format
  h.writeUInt32BE(1, 56); // UTF-8
  h.writeUInt32BE(3045000, 96);
  // Freelist, auto-vacuum and user_version stay 0: nothing is ever written to this copy.
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, h, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
}

function schemaOf(db: Database.Database): string {
  return JSON.stringify(db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").raw().all());
}

function columnsOf(store: Store, table: string): string[] {
  return (store.db.pragma(`table_info(${quote(table)})`) as Array<{ name: string }>).map((c) => c.name);
}

function hasTable(store: Store, table: string): boolean {
  return store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Every row of `table` in the damaged copy, as this build's columns in order (the schemas match). */
function selectAll(source: Database.Database, store: Store, table: string, tail: string): unknown[][] {
  return source.prepare(`SELECT ${columnsOf(store, table).map(quote).join(', ')} FROM ${quote(table)} ${tail}`).raw().all() as unknown[][];
}

/**
 * Inserts rows given in this build's column order, leaving out `without` (the store assigns them);
 * a row whose key the store already has is left as the store has it. Returns how many went in.
 */
function insertAll(store: Store, table: string, rows: unknown[][], without: readonly string[] = []): number {
  const columns = columnsOf(store, table);
  const kept = columns.map((name, i) => ({ name, i })).filter((c) => !without.includes(c.name));
  const insert = store.db.prepare(
    `INSERT OR IGNORE INTO ${quote(table)} (${kept.map((c) => quote(c.name)).join(', ')}) VALUES (${kept.map(() => '?').join(', ')})`,
  );
  let inserted = 0;
  for (const row of rows) inserted += insert.run(...kept.map((c) => row[c.i])).changes;
  return inserted;
}

/**
 * The contact cache: bulk upserts from sync and realtime events, lookups, activity updates.
 * Search lives in contact-search.ts; both read the same table.
 *
 * Rows are written one prepared statement per row (bound values are cheaper than reading fields
 * out of a JSON batch), while the search indexes are updated with one statement per batch: FTS5
 * flushes its pending terms at every statement that writes it, so one row per statement
 * (triggers) is ~8x slower. Besides id and rank_key the only B-tree indexes on contacts are the
 * two "starts with" ranges of migration 018; exact name/phone/email lookups go through tokens in
 * the FTS index (contact-keys.ts), because each extra random B-tree insert costs as much as a
 * third of the whole row write. The words index is
 * contentless: it is fed name_norm (the name's search words) and the email's search words through
 * a SQL function, on insert and on delete alike (contact-keys.ts searchWords). Both indexes key a
 * contact by its negated rank key (rowid = -rank_key), so the most recent comes first in FTS5's
 * cheap forward order (migration 005); each batch is fed in ascending rowid order, or FTS5 would
 * flush its pending terms at every step back.
 */
import type Database from 'better-sqlite3';
import type { ContactDTO } from '../api/helena-dto';
import {
  activitySeconds,
  exactPhoneToken,
  INDEX_TEXT_FN,
  indexText,
  phoneKeys,
  preferredRankKey,
  rankKeySeconds,
  registerIndexText,
  searchKeys,
  searchWords,
} from './contact-keys';
import { vocabularyTerms } from './search-vocabulary';
import { parseJson, toJson } from './json';

export type ContactStatus = ContactDTO['status'];

/** A contact as the cache holds it: the DTO's fields plus when the agent last talked to them. */
export interface CachedContact {
  id: string;
  name: string | null;
  phoneNumber: string | null;
  email: string | null;
  instagram: string | null;
  annotation: string | null;
  tagIds: string[];
  tagNames: string[];
  customFields: Record<string, unknown>;
  status: ContactStatus;
  origin: ContactDTO['origin'] | null;
  createdAt: string;
  updatedAt: string;
  /** Last message in or out (from sessions); null when never talked to. */
  lastActivityAt: string | null;
}

export interface ContactNameAndNumber {
  name: string | null;
  phoneNumber: string | null;
  /** Digits after the country code (contact-keys.ts phoneKeys); null without a number. */
  national: string | null;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
  /** DTOs older than what the cache already holds (a late page or event): left alone. */
  skipped: number;
}

export interface ContactRow {
  rank_key: number;
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  instagram: string | null;
  annotation: string | null;
  tag_ids: string;
  tag_names: string;
  custom_fields: string;
  status: string;
  origin: string | null;
  created_at: string;
  updated_at: string;
  last_activity_at: string | null;
}

export const CONTACT_COLUMNS =
  'rank_key, id, name, phone, email, instagram, annotation, tag_ids, tag_names, custom_fields, status, origin, created_at, updated_at, last_activity_at';

export function contactFromRow(row: ContactRow): CachedContact {
  return {
    id: row.id,
    name: row.name,
    phoneNumber: row.phone,
    email: row.email,
    instagram: row.instagram,
    annotation: row.annotation,
    tagIds: parseJson<string[]>(row.tag_ids, []),
    tagNames: parseJson<string[]>(row.tag_names, []),
    customFields: parseJson<Record<string, unknown>>(row.custom_fields, {}),
    status: row.status as ContactStatus,
    origin: (row.origin ?? null) as CachedContact['origin'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActivityAt: row.last_activity_at,
  };
}

interface ExistingRow {
  id: string;
  rank_key: number;
  name: string | null;
  email: string | null;
  search_keys: string | null;
  phone_national: string | null;
  updated_at: string;
  last_activity_at: string | null;
}

const UPSERT_COLUMNS = [
  'rank_key', 'id', 'name', 'name_norm', 'search_keys', 'phone', 'phone_digits', 'phone_national',
  'email', 'email_norm', 'instagram', 'annotation', 'tag_ids', 'tag_names', 'custom_fields', 'status', 'origin',
  'created_at', 'updated_at',
] as const;
/** One contact's values, in UPSERT_COLUMNS order. */
type UpsertTuple = Array<string | number | null>;

/** What the phone index holds for a contact (see the migration). */
const PHONE_DOC = `'!' || phone_national || '$'`;
// The words index is contentless and fed through INDEX_TEXT_FN (contact-keys.ts indexText) on insert
// and on delete alike, so both see the same words. name_norm already holds the name's search words; the lower-cased email is mostly ASCII (the fast path).
const WORDS_DOC = `name_norm, ${INDEX_TEXT_FN}(email_norm), search_keys`;
const IN_JSON = 'IN (SELECT value FROM json_each(?))';
/**
 * Leaf pages per index in one optimizeSearchIndexStep: about 30-50 ms on this 2-core machine, less
 * than a sync batch's write (contact-ingest.ts), so a slice never holds the thread longer than sync does.
 */
export const OPTIMIZE_SLICE_PAGES = 200;

export class ContactsRepo {
  private readonly existingByIds: Database.Statement<[string], ExistingRow>;
  private readonly takenKeys: Database.Statement<[string], { rank_key: number; id: string }>;
  private readonly rankTaken: Database.Statement<[number], { id: string }>;
  private readonly upsertRow: Database.Statement<UpsertTuple>;
  private readonly unindexWords: Database.Statement<[string]>;
  private readonly unindexPhones: Database.Statement<[string]>;
  private readonly indexWords: Database.Statement<[string]>;
  private readonly indexPhones: Database.Statement<[string]>;
  private readonly setActivity: Database.Statement<[number, string, string]>;
  private readonly byId: Database.Statement<[string], ContactRow>;
  private readonly byPhone: Database.Statement<[string, string], ContactRow>;
  private readonly remove: Database.Statement<[string]>;
  private readonly countAll: Database.Statement<[], { n: number }>;
  private readonly upsertBatch: (dtos: readonly ContactDTO[]) => UpsertCounts;
  private readonly activityBatch: (items: ReadonlyArray<ContactActivity>) => number;
  private readonly deleteOne: (id: string) => boolean;
  private readonly optimize: () => void;
  private readonly mergeStep: (pages: number) => boolean;
  private readonly addVocabulary: Database.Statement<[string]>;
  private readonly raiseMaxNational: Database.Statement<[number]>;
  private readonly namesByIds: Database.Statement<[string], { id: string; name: string | null; phone: string | null; phone_national: string | null }>;
  /**
   * namesAndNumbers' answers (null: no such contact), forgotten at every write of names or numbers
   * (upsertContacts, delete; activity moves neither). The desk's quick find asks for every open
   * conversation's contact on each keystroke: 20,000 at a supervisor's.
   */
  private readonly names = new Map<string, ContactNameAndNumber | null>();

  constructor(private readonly db: Database.Database) {
    // openDatabase registered it already; a bare connection (the upgrade tests) has not.
    registerIndexText(db);
    const optimizeWords = db.prepare("INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize')");
    const optimizePhones = db.prepare("INSERT INTO contacts_phone_fts (contacts_phone_fts) VALUES ('optimize')");
    this.optimize = db.transaction(() => {
      optimizeWords.run();
      optimizePhones.run();
    });
    const mergeWords = db.prepare<[number]>("INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('merge', ?)");
    const mergePhones = db.prepare<[number]>("INSERT INTO contacts_phone_fts (contacts_phone_fts, rank) VALUES ('merge', ?)");
    const changes = db.prepare<[], { n: number }>('SELECT total_changes() AS n');
    // FTS5's documented test of whether a 'merge' did any work: total_changes() moved by 2 or more.
    const worked = (merge: Database.Statement<[number]>, pages: number): boolean => {
      const before = changes.get()?.n ?? 0;
      merge.run(-Math.abs(pages));
      return (changes.get()?.n ?? 0) - before >= 2;
    };
    this.mergeStep = db.transaction((pages: number) => {
      const words = worked(mergeWords, pages);
      const phones = worked(mergePhones, pages);
      return words || phones;
    });
    this.existingByIds = db.prepare(
      `SELECT id, rank_key, name, email, search_keys, phone_national, updated_at, last_activity_at
       FROM contacts WHERE id ${IN_JSON}`,
    );
    this.takenKeys = db.prepare(`SELECT rank_key, id FROM contacts WHERE rank_key ${IN_JSON}`);
    this.rankTaken = db.prepare('SELECT id FROM contacts WHERE rank_key = ?');
    // One run per row with bound values: extracting 20 fields per row from a JSON batch
    // (value ->> i re-reads the row's JSON each time) cost more than the B-tree writes themselves.
    this.upsertRow = db.prepare<UpsertTuple>(
      `INSERT INTO contacts (${UPSERT_COLUMNS.join(', ')})
       VALUES (${UPSERT_COLUMNS.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${UPSERT_COLUMNS.filter((c) => c !== 'id')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
    // FTS5 'delete' takes the values that were indexed, so it runs before the row changes.
    this.unindexWords = db.prepare(
      `INSERT INTO contacts_fts (contacts_fts, rowid, name, email, search_keys)
       SELECT 'delete', -rank_key, ${WORDS_DOC} FROM contacts WHERE rank_key ${IN_JSON} ORDER BY rank_key DESC`,
    );
    this.unindexPhones = db.prepare(
      `INSERT INTO contacts_phone_fts (contacts_phone_fts, rowid, national)
       SELECT 'delete', -rank_key, ${PHONE_DOC} FROM contacts WHERE rank_key ${IN_JSON} AND phone_national IS NOT NULL
       ORDER BY rank_key DESC`,
    );
    this.indexWords = db.prepare(
      `INSERT INTO contacts_fts (rowid, name, email, search_keys)
       SELECT -rank_key, ${WORDS_DOC} FROM contacts WHERE rank_key ${IN_JSON} ORDER BY rank_key DESC`,
    );
    this.indexPhones = db.prepare(
      `INSERT INTO contacts_phone_fts (rowid, national)
       SELECT -rank_key, ${PHONE_DOC} FROM contacts WHERE rank_key ${IN_JSON} AND phone_national IS NOT NULL
       ORDER BY rank_key DESC`,
    );
    this.addVocabulary = db.prepare('INSERT OR IGNORE INTO search_vocab (term) SELECT value FROM json_each(?)');
    this.raiseMaxNational = db.prepare(
      "UPDATE search_facts SET value = max(value, ?) WHERE name = 'max_national_digits'",
    );
    this.setActivity = db.prepare('UPDATE contacts SET rank_key = ?, last_activity_at = ? WHERE id = ?');
    this.byId = db.prepare(`SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = ?`);
    this.namesByIds = db.prepare('SELECT id, name, phone, phone_national FROM contacts WHERE id IN (SELECT value FROM json_each(?))');
    this.byPhone = db.prepare(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE rank_key IN
         (SELECT -rowid FROM contacts_fts WHERE contacts_fts MATCH ?)
       AND phone_digits = ? ORDER BY rank_key DESC LIMIT 1`,
    );
    this.remove = db.prepare('DELETE FROM contacts WHERE id = ?');
    this.countAll = db.prepare('SELECT count(*) AS n FROM contacts');
    this.upsertBatch = db.transaction((dtos: readonly ContactDTO[]) => this.upsertInTransaction(dtos));
    this.activityBatch = db.transaction((items: ReadonlyArray<ContactActivity>) => this.activityInTransaction(items));
    this.deleteOne = db.transaction((id: string) => {
      const row = this.byId.get(id);
      if (!row) return false;
      this.unindex([row.rank_key]);
      return this.remove.run(id).changes > 0;
    });
  }

  /**
   * Writes a batch of contacts from the API (a sync page or a realtime event) in one transaction,
   * search indexes included. A DTO older than the cached contact never overwrites it. Bigger
   * batches are cheaper per contact: a first sync should hand over thousands at a time.
   */
  upsertContacts(dtos: readonly ContactDTO[]): UpsertCounts {
    if (dtos.length === 0) return { inserted: 0, updated: 0, skipped: 0 };
    this.names.clear();
    return this.upsertBatch(dtos);
  }

  get(id: string): CachedContact | null {
    const row = this.byId.get(id);
    return row ? contactFromRow(row) : null;
  }

  /**
   * Name, number and national digits (phoneKeys) of these contacts in one read: the desk's quick
   * find reads them for every open conversation on each keystroke, and one get() per conversation
   * cost more than the find itself at 20,000.
   */
  namesAndNumbers(ids: readonly string[]): Map<string, ContactNameAndNumber> {
    const found = new Map<string, ContactNameAndNumber>();
    // Inside a transaction nothing is remembered: it may yet be rolled back.
    const remember = !this.db.inTransaction;
    const missing: string[] = [];
    for (const id of ids) {
      const known = remember ? this.names.get(id) : undefined;
      if (known === undefined) missing.push(id);
      else if (known !== null) found.set(id, known);
    }
    if (missing.length === 0) return found;
    for (const row of this.namesByIds.all(JSON.stringify(missing))) {
      const entry = Object.freeze({ name: row.name, phoneNumber: row.phone, national: row.phone_national });
      found.set(row.id, entry);
      if (remember) this.names.set(row.id, entry);
    }
    if (remember) for (const id of missing) if (!found.has(id)) this.names.set(id, null);
    return found;
  }

  /** The contact with this phone number, as E.164 or any format with the country code ("+55 11 98765-4321"). */
  findByPhone(phone: string): CachedContact | null {
    const keys = phoneKeys(phone);
    if (!keys) return null;
    const token = exactPhoneToken(keys.national);
    const row = token === null ? undefined : this.byPhone.get(`"${token}"`, keys.digits);
    return row ? contactFromRow(row) : null;
  }

  count(): number {
    return this.countAll.get()?.n ?? 0;
  }

  delete(id: string): boolean {
    this.names.clear();
    return this.deleteOne(id);
  }

  /**
   * Merges the search indexes into one segment each. Queries read fewer segments afterwards;
   * worth calling once after a first sync or a large delta (it rewrites the indexes: seconds for
   * a million contacts).
   */
  optimizeSearchIndex(): void {
    this.optimize();
  }

  /**
   * One slice of the same merge as optimizeSearchIndex: about `pages` leaf pages of each index
   * (FTS5 'merge' with a negative count merges segments of any level, so slices repeated until no
   * work is left reach optimize's single segment). The index is whole after every slice. Returns
   * true while work remains. A first sync's pull runs the slices with the event loop free between
   * them: one 'optimize' held the core's thread 0.8-0.9 s at 100,000 contacts.
   */
  optimizeSearchIndexStep(pages = OPTIMIZE_SLICE_PAGES): boolean {
    return this.mergeStep(pages);
  }

  /**
   * Records that the agent and the contact talked at `at` (a message in or out), which moves the
   * contact up in search results. Times earlier than the one recorded are ignored.
   */
  recordActivity(contactId: string, at: string): boolean {
    return this.activityBatch([{ contactId, at }]) > 0;
  }

  /** recordActivity for many contacts in one transaction (e.g. a page of sessions). Returns how many moved. */
  recordActivities(items: ReadonlyArray<ContactActivity>): number {
    return items.length === 0 ? 0 : this.activityBatch(items);
  }

  private existing(idList: readonly string[]): Map<string, ExistingRow> {
    const map = new Map<string, ExistingRow>();
    for (const row of this.existingByIds.all(JSON.stringify(idList))) map.set(row.id, row);
    return map;
  }

  private upsertInTransaction(dtos: readonly ContactDTO[]): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, skipped: 0 };
    // Within a batch the newest version of a contact wins.
    const latest = new Map<string, ContactDTO>();
    for (const dto of dtos) {
      const seen = latest.get(dto.id);
      if (seen) counts.skipped++;
      if (!seen || seen.updatedAt <= dto.updatedAt) latest.set(dto.id, dto);
    }
    const existing = this.existing([...latest.keys()]);
    const keys = new RankKeyAllocator(this.takenKeys, this.rankTaken);
    const planned: Array<{ dto: ContactDTO; before: ExistingRow | undefined }> = [];
    for (const dto of latest.values()) {
      const before = existing.get(dto.id);
      if (before && before.updated_at > dto.updatedAt) {
        counts.skipped++;
        continue;
      }
      planned.push({ dto, before });
      const seconds = activitySeconds(dto.updatedAt, before?.last_activity_at);
      if (!before || rankKeySeconds(before.rank_key) !== seconds) keys.want(dto.id, preferredRankKey(seconds, dto.id));
    }
    keys.resolve();

    const tuples: UpsertTuple[] = [];
    const unindex: number[] = [];
    const reindex: number[] = [];
    const vocabulary = new Set<string>();
    let longestNational = 0;
    for (const { dto, before } of planned) {
      const rankKey = keys.get(dto.id) ?? before?.rank_key;
      if (rankKey === undefined) throw new Error(`no rank key for contact ${dto.id}`);
      const phone = phoneKeys(dto.phoneNumber);
      const national = phone?.national ?? null;
      if (national !== null && national.length > longestNational) longestNational = national.length;
      const nameNorm = indexText(dto.name) ?? '';
      const emailNorm = dto.email ? dto.email.trim().toLowerCase() : null;
      const keysText = searchKeys({ nameNorm, emailNorm, national });
      const indexedChange =
        !before ||
        before.rank_key !== rankKey ||
        before.name !== dto.name ||
        before.email !== dto.email ||
        before.search_keys !== keysText ||
        before.phone_national !== national;
      if (before && indexedChange) unindex.push(before.rank_key);
      if (indexedChange) {
        reindex.push(rankKey);
        for (const word of nameNorm.split(' ')) vocabulary.add(word);
        for (const word of searchWords(emailNorm)) vocabulary.add(word);
      }
      counts[before ? 'updated' : 'inserted']++;
      tuples.push([
        rankKey,
        dto.id,
        dto.name,
        nameNorm,
        keysText,
        dto.phoneNumber,
        phone?.digits ?? null,
        national,
        dto.email,
        emailNorm,
        dto.instagram ?? null,
        dto.annotation ?? null,
        toJson(dto.tagIds ?? []),
        toJson(dto.tagNames ?? []),
        toJson(dto.customFields ?? {}),
        dto.status,
        dto.origin ?? null,
        dto.createdAt,
        dto.updatedAt,
      ]);
    }
    this.unindex(unindex);
    for (const tuple of tuples) this.upsertRow.run(...tuple);
    this.index(reindex);
    // Words repeat a lot: a batch of thousands of contacts adds a few hundred distinct words.
    if (vocabulary.size > 0) this.addVocabulary.run(JSON.stringify(vocabularyTerms(this.db, vocabulary)));
    if (longestNational > 0) this.raiseMaxNational.run(longestNational);
    return counts;
  }

  private activityInTransaction(items: ReadonlyArray<ContactActivity>): number {
    const latest = new Map<string, string>();
    for (const { contactId, at } of items) {
      const seen = latest.get(contactId);
      if (seen === undefined || at > seen) latest.set(contactId, at);
    }
    const existing = this.existing([...latest.keys()]);
    const keys = new RankKeyAllocator(this.takenKeys, this.rankTaken);
    const moves: Array<{ row: ExistingRow; at: string }> = [];
    for (const [contactId, at] of latest) {
      const row = existing.get(contactId);
      if (!row || (row.last_activity_at !== null && row.last_activity_at >= at)) continue;
      const seconds = activitySeconds(row.updated_at, at);
      if (rankKeySeconds(row.rank_key) !== seconds) keys.want(contactId, preferredRankKey(seconds, contactId));
      moves.push({ row, at });
    }
    keys.resolve();
    const unindex: number[] = [];
    const reindex: number[] = [];
    for (const { row } of moves) {
      const rankKey = keys.get(row.id) ?? row.rank_key;
      if (rankKey !== row.rank_key) {
        unindex.push(row.rank_key);
        reindex.push(rankKey);
      }
    }
    this.unindex(unindex);
    for (const { row, at } of moves) this.setActivity.run(keys.get(row.id) ?? row.rank_key, at, row.id);
    this.index(reindex);
    return moves.length;
  }

  /** Removes rows from the search indexes; must run while the rows still hold their indexed values. */
  private unindex(rankKeys: readonly number[]): void {
    if (rankKeys.length === 0) return;
    const json = JSON.stringify(rankKeys);
    this.unindexWords.run(json);
    this.unindexPhones.run(json);
  }

  private index(rankKeys: readonly number[]): void {
    if (rankKeys.length === 0) return;
    const json = JSON.stringify(rankKeys);
    this.indexWords.run(json);
    this.indexPhones.run(json);
  }
}

export interface ContactActivity {
  contactId: string;
  /** ISO time of the message in or out. */
  at: string;
}

/**
 * Hands out free rank keys for a batch: each contact's preferred key, or the next free one after
 * it. Preferred keys are checked against the table in one query, the rest one by one (rare).
 */
class RankKeyAllocator {
  private readonly wanted = new Map<string, number>();
  private readonly granted = new Map<string, number>();

  constructor(
    private readonly takenKeys: Database.Statement<[string], { rank_key: number; id: string }>,
    private readonly rankTaken: Database.Statement<[number], { id: string }>,
  ) {}

  want(id: string, key: number): void {
    this.wanted.set(id, key);
  }

  resolve(): void {
    if (this.wanted.size === 0) return;
    const owner = new Map<number, string>();
    for (const row of this.takenKeys.all(JSON.stringify([...this.wanted.values()]))) owner.set(row.rank_key, row.id);
    const used = new Set<number>();
    for (const [id, preferred] of this.wanted) {
      let key = preferred;
      for (;;) {
        const holder = key === preferred ? owner.get(key) : (owner.get(key) ?? this.rankTaken.get(key)?.id);
        // A key held by another contact stays taken for this whole batch, even if that contact moves.
        if ((holder === undefined || holder === id) && !used.has(key)) break;
        key++;
      }
      used.add(key);
      this.granted.set(id, key);
    }
  }

  get(id: string): number | undefined {
    return this.granted.get(id);
  }
}

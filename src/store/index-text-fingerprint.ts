/**
 * The e-mail "starts with" index (migration 018) is built on contact_index_text (contact-keys.ts
 * indexText), computed by this runtime's JavaScript: its folding reads the Unicode data of the V8
 * and ICU in the Electron that runs it. An Electron upgrade (or a change to the code) that folds a
 * letter differently leaves the rows written before with their old entries, and the range search
 * silently misses them. So every open compares a fingerprint of indexText over probes whose folding
 * depends on that data with the one stored at the last open, and rebuilds the index when it moved.
 *
 * The words index (contacts_fts, contentless) is fed through the same function and goes stale the
 * same way, worse: a contact's update deletes its old words by recomputing them, and a changed
 * output deletes words that were never there and leaves the real ones behind (ghost matches, and
 * FTS5 'delete' of absent tokens corrupts its counts). It is not rebuilt here: rebuilding it means
 * 'delete-all' and re-feeding every row from contacts in ascending rowid order, as migration 005
 * does, seconds at a million contacts; to add under the same fingerprint when it matters.
 */
import type Database from 'better-sqlite3';
import { INDEX_TEXT_FN, indexText } from './contact-keys';

/** Where the fingerprint is kept (search_facts, migration 004). */
export const INDEX_TEXT_FACT = 'index_text_fingerprint';

/** The index built on INDEX_TEXT_FN (migration 018). */
const INDEX = 'contacts_email_start';

/**
 * Texts whose words depend on Unicode data (decomposition, marks, case mapping, letter and digit
 * classes), and some plain ones. Changing this list changes the fingerprint and costs one rebuild.
 */
export const INDEX_TEXT_PROBES: readonly string[] = [
  'joão.conceição@uol.com.br',
  'Mª Antônia Gonçalves Müller',
  'ÂNGELA BRAGANÇA-ÇÃO',
  'straße.ﬁnanças@ﬂores.de',
  'Œuvre Æsir Ĳssel ǅemal',
  'İSTANBUL ıĞdır Şule',
  'Ωμέγα ΣΊΣΥΦΟΣ Ǆ',
  'đorđe.nguyễn+vip@hotmail.com',
  'maria.silva+loja2024@gmail.com',
  'tavares123abc456@x9y.io',
  '١٢٣ ٤٥٦ ½ ² ⅷ ①',
  'ＦＵＬＬ＠ｗｉｄｔｈ１２３',
  'Ა ᲐᲑᲒ Ꭰ ꭰ',
  'Ᲊᲊ 𞀰 𑼄',
  'a\u0301e\u0308o\u0303 ḁ̂ ǖ',
  '李小龙@qq.com 김민준 ナカムラ',
  'x@y',
];

/** This runtime's fingerprint: its ICU does not change while it runs, and a start asks twice (pending-migrations.ts, then the open). */
let runtimeFingerprint: number | null = null;

/** 32-bit FNV-1a of the probes' words, joined (a null output and an empty one differ). */
export function indexTextFingerprint(fold?: (text: string) => string | null): number {
  if (fold === undefined) return (runtimeFingerprint ??= fingerprintOf(indexText));
  return fingerprintOf(fold);
}

function fingerprintOf(fold: (text: string) => string | null): number {
  const joined = INDEX_TEXT_PROBES.map((probe) => fold(probe) ?? '\u0000').join('\n');
  let hash = 0x811c9dc5;
  for (let i = 0; i < joined.length; i++) {
    hash ^= joined.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export type IndexTextCheck = 'recorded' | 'unchanged' | 'reindexed';

/** The fingerprint the file recorded at its last open; undefined before the first check. */
export function storedIndexTextFingerprint(db: Database.Database): number | undefined {
  return db.prepare<[string], number>('SELECT value FROM search_facts WHERE name = ?').pluck().get(INDEX_TEXT_FACT);
}

/**
 * Compares this runtime's fingerprint with the stored one: none stored (the first open since this
 * check: the index was built by this same code) records it; a different one rebuilds the index and
 * records the new one, in one transaction. Logs the rebuild, never a contact's data.
 */
export function checkIndexText(db: Database.Database, log: (line: string) => void, fingerprint = indexTextFingerprint()): IndexTextCheck {
  if (storedIndexTextFingerprint(db) === fingerprint) return 'unchanged';
  const startedAt = Date.now();
  const outcome = db
    .transaction((): IndexTextCheck => {
      // Read again inside: another connection may have done it between the look and the lock.
      const before = storedIndexTextFingerprint(db);
      if (before === fingerprint) return 'unchanged';
      db.prepare('INSERT INTO search_facts (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value').run(INDEX_TEXT_FACT, fingerprint);
      if (before === undefined) return 'recorded';
      const indexed = db.prepare<[string], number>("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?").pluck().get(INDEX);
      if (indexed !== undefined) db.exec(`REINDEX ${INDEX}`);
      return 'reindexed';
    })
    .immediate();
  if (outcome === 'reindexed') {
    log(`dados locais: ${INDEX_TEXT_FN} mudou de resultado (nova versão do Electron/ICU ou do código); índice ${INDEX} refeito em ${Date.now() - startedAt} ms`);
  }
  return outcome;
}

/**
 * The company's tags ("etiquetas"): rows ↔ HelenaCRM's PublicTagDTO, and how the names a request
 * gives become the names a contact keeps. Contacts store tag names (contacts.tag_names); a tag's
 * id is tagIdOf(name), so ids and names always agree. A name a contact write uses that the company
 * has no tag for yet becomes one (HelenaCRM creates tags named on a contact the same way).
 */
import type { SandboxContext } from '../context';
import { tagIdOf } from './ids';

export const TAG_COLORS = [
  'BROWN', 'PURPLE', 'PINK', 'RED', 'YELLOW', 'GREEN', 'BLUE', 'SKY', 'GRAY',
].flatMap((family) => [100, 200, 300, 400, 500, 600].map((tone) => `${family}_${tone}`));

export interface TagRow {
  id: string;
  name: string;
  color: string | null;
  created_at: string;
  updated_at: string;
}

export interface TagDTO {
  id: string;
  createdAt: string;
  updatedAt: string;
  name: string | null;
  color: string | null;
}

export function toTagDTO(row: TagRow): TagDTO {
  return { id: row.id, createdAt: row.created_at, updatedAt: row.updated_at, name: row.name, color: row.color };
}

/** Every tag of the company, by name (case- and accent-insensitive order is the client's business). */
export function listTags(ctx: SandboxContext): TagRow[] {
  return ctx.db.prepare<[], TagRow>('SELECT * FROM tags ORDER BY name COLLATE NOCASE, id').all();
}

export function tagById(ctx: SandboxContext, id: string): TagRow | undefined {
  return ctx.db.prepare<[string], TagRow>('SELECT * FROM tags WHERE id = ?').get(id.toLowerCase());
}

/** Inserts a tag unless one with that name (any case) exists. */
export function insertTag(db: SandboxContext['db'], name: string, color: string | null, at: string): void {
  db.prepare('INSERT OR IGNORE INTO tags (id, name, color, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(tagIdOf(name), name, color, at, at);
}

/**
 * The names as the company spells its tags: a known tag keeps its own spelling ("VIP" → "vip"),
 * an unknown name becomes a new gray tag (GRAY_600, HelenaCRM's default). Call inside a transaction.
 */
export function ensureTags(ctx: SandboxContext, names: readonly string[]): string[] {
  const byName = ctx.db.prepare<[string], TagRow>('SELECT * FROM tags WHERE name = ? COLLATE NOCASE');
  return names.map((name) => {
    const existing = byName.get(name);
    if (existing) return existing.name;
    insertTag(ctx.db, name, 'GRAY_600', ctx.clock.iso());
    return name;
  });
}

/**
 * Templates with media (HelenaCRM's `fileType`: IMAGE, VIDEO, DOCUMENT) go out only with their
 * image, video or document, so the cache keeps each template's file type (NULL: not known yet).
 * Templates cached before this version were stored without it, and a delta sync asks only for
 * templates changed after the `cursor:templates` sync cursor, which would never bring them again:
 * the cursor is dropped, so the next sync (still a delta for everything else) refetches every
 * template in full.
 *
 * Messages keep the media they were sent with (a public link, or the id of an uploaded file), so
 * the conversation shows that a template went with its image or document.
 */
import type Database from 'better-sqlite3';

export const version = 7;
export const name = 'template-media';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE templates ADD COLUMN file_type TEXT;
ALTER TABLE messages ADD COLUMN media TEXT;
DELETE FROM sync_state WHERE key = 'cursor:templates';`);
}

/**
 * Files contacts send (a photo of a payment receipt, a PDF) can be opened and saved: a message
 * keeps where its bytes are and what HelenaCRM calls them, beside the name, size and MIME type 012
 * added.
 *
 * - messages.file_id: HelenaCRM's id of the file (PublicFileDTO.id, or the message's fileId).
 * - messages.file_url: where the bytes are fetched from (publicUrlDownload, else publicUrl). Public
 *   links are their own credential: the column is as sensitive as the file, no more, and never logged.
 */
import type Database from 'better-sqlite3';

export const version = 13;
export const name = 'received-files';
export function up(db: Database.Database): void {
  db.exec(`ALTER TABLE messages ADD COLUMN file_id TEXT;
ALTER TABLE messages ADD COLUMN file_url TEXT;`);
}

/**
 * The rows behind HelenaCRM's files API: upload slots (GET /core/v2/file hands one out, the PUT
 * fills it) and saved files (POST /core/v2/file), with their bytes. Statements are prepared once
 * per database, like the conversation repo.
 */
import type Database from 'better-sqlite3';
import type { UploadFileType } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';

export interface UploadRow {
  temp_file_id: string;
  user_id: string;
  name: string;
  mime_type: string;
  type: UploadFileType;
  content: Buffer | null;
  size: number | null;
  file_id: string | null;
  expires_at: string;
  created_at: string;
}

export interface FileRow {
  id: string;
  user_id: string | null;
  name: string;
  extension: string | null;
  mime_type: string;
  type: UploadFileType;
  size: number;
  created_at: string;
}

export interface StoredFile extends FileRow {
  content: Buffer;
}

const FILE_COLUMNS = 'id, user_id, name, extension, mime_type, type, size, created_at';

function prepareAll(db: Database.Database) {
  return {
    insertUpload: db.prepare<[Pick<UploadRow, 'temp_file_id' | 'user_id' | 'name' | 'mime_type' | 'type' | 'expires_at' | 'created_at'>]>(
      `INSERT INTO uploads (temp_file_id, user_id, name, mime_type, type, expires_at, created_at)
       VALUES (@temp_file_id, @user_id, @name, @mime_type, @type, @expires_at, @created_at)`,
    ),
    uploadById: db.prepare<[string], UploadRow>('SELECT * FROM uploads WHERE temp_file_id = ?'),
    fillUpload: db.prepare<[Buffer, number, string]>('UPDATE uploads SET content = ?, size = ? WHERE temp_file_id = ? AND file_id IS NULL'),
    markSaved: db.prepare<[string, string]>('UPDATE uploads SET file_id = ?, content = NULL WHERE temp_file_id = ?'),
    insertFile: db.prepare<[StoredFile]>(
      `INSERT INTO files (id, user_id, name, extension, mime_type, type, size, content, created_at)
       VALUES (@id, @user_id, @name, @extension, @mime_type, @type, @size, @content, @created_at)`,
    ),
    fileById: db.prepare<[string], FileRow>(`SELECT ${FILE_COLUMNS} FROM files WHERE id = ?`),
    storedFileById: db.prepare<[string], StoredFile>('SELECT * FROM files WHERE id = ?'),
    files: db.prepare<[], FileRow>(`SELECT ${FILE_COLUMNS} FROM files ORDER BY created_at, rowid`),
  };
}

export type FilesRepo = ReturnType<typeof prepareAll>;

const cache = new WeakMap<Database.Database, FilesRepo>();

export function filesRepoOf(ctx: SandboxContext): FilesRepo {
  let repo = cache.get(ctx.db);
  if (!repo) {
    repo = prepareAll(ctx.db);
    cache.set(ctx.db, repo);
  }
  return repo;
}

/** A saved file with its bytes, as HelenaCRM stores it: what tests read back to check what arrived. */
export function storedFile(ctx: SandboxContext, id: string): StoredFile | null {
  return filesRepoOf(ctx).storedFileById.get(id) ?? null;
}

/** Typed errors the store raises; messages are pt-BR because the agent may read them. */

/** The database file was written by a newer Helena Desk; opening it could corrupt data it relies on. */
export class DatabaseTooNewError extends Error {
  readonly code = 'DATABASE_TOO_NEW';
  constructor(
    readonly databaseVersion: number,
    readonly supportedVersion: number,
  ) {
    super(
      `O banco de dados local foi criado por uma versão mais nova do Helena Desk (esquema ${databaseVersion}; ` +
        `esta versão entende até o ${supportedVersion}). Atualize o aplicativo para a versão mais recente ` +
        'e abra-o de novo. Seus dados locais não foram alterados.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

/** A migration failed; its transaction was rolled back, so the database stays at `fromVersion`. */
export class MigrationFailedError extends Error {
  readonly code = 'MIGRATION_FAILED';
  constructor(
    readonly fromVersion: number,
    readonly migrationVersion: number,
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Falha ao atualizar o banco de dados local (migração ${migrationVersion} "${migrationName}"). ` +
        `Nada foi alterado; o banco continua na versão ${fromVersion}.`,
      { cause },
    );
    this.name = 'MigrationFailedError';
  }
}

/**
 * What a failed SQLite write means for the agent, from better-sqlite3's error code: 'full' (the
 * disk has no room: the one the agent can fix), 'io' (the disk or its permissions refused the
 * write), 'corrupt' (the file is damaged). null: not a storage failure.
 */
export type StorageFailure = 'full' | 'io' | 'corrupt';

export function storageFailureOf(error: unknown): StorageFailure | null {
  const code = typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  // SQLite reports ENOSPC (and Windows' disk-full errors) on a write as SQLITE_FULL.
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) return 'io';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  return null;
}

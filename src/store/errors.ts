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

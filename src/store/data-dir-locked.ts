/**
 * The refusal when another Helena Desk holds the data folder (data-dir-lock.ts says why and how),
 * apart from the lock itself: the Electron main process and the web host name it without loading
 * SQLite. One code across the layers it crosses: the store's error, the console's ConsoleError
 * made of it, CoreLink's CoreOpenError.
 */

/** The one code for "another Helena Desk has this folder": the store's error, the console's, the link's. */
export const DATA_DIR_LOCKED = 'data_dir_locked';

export const DATA_DIR_LOCKED_PT_BR =
  'O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.';
export const DATA_DIR_LOCKED_EN = 'Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.';

/** Another process (or another core in this one) holds the data folder's lock. */
export class DataDirLockedError extends Error {
  readonly code = DATA_DIR_LOCKED;
  readonly messageEn = DATA_DIR_LOCKED_EN;
  constructor(readonly dir: string) {
    super(DATA_DIR_LOCKED_PT_BR);
    this.name = 'DataDirLockedError';
  }
}

/** The refusal at any layer it crosses: DataDirLockedError, the ConsoleError made of it, CoreLink's CoreOpenError. */
export function isDataDirLocked(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === DATA_DIR_LOCKED;
}

/**
 * What a shell with only a terminal (the web host) prints when its core could not take the folder:
 * pt-BR first, English second, and the folder, for whoever looks at the disk. null for any other error.
 */
export function dataDirLockedNotice(error: unknown, dir: string): string | null {
  if (!isDataDirLocked(error)) return null;
  return [
    `Helena Desk: ${DATA_DIR_LOCKED_PT_BR}`,
    `Helena Desk: ${DATA_DIR_LOCKED_EN}`,
    `Pasta de dados (data folder): ${dir}`,
    'Nenhuma segunda cópia foi iniciada; a fila de mensagens continua com a cópia aberta. (No second copy was started; the message queue stays with the open one.)',
  ].join('\n');
}

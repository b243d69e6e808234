/**
 * The agent's token between runs, encrypted by the OS (safeStorage: Keychain, DPAPI, libsecret /
 * kwallet). Where the OS has nothing to encrypt with — Linux without a keyring, where safeStorage
 * would fall back to a hard-coded key ('basic_text') — the token stays in memory only and the
 * agent logs in again next time: a plain-text token on disk is never the fallback. The window
 * tells the agent so once (app.loginStorage, answered with encryptionIsReal; renderer KeyringNotice).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { MemorySecretStore, type SecretStore } from '../src/console/secret-store';
import { log } from './log';

/** The parts of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; absent elsewhere. */
  getSelectedStorageBackend?: () => string;
}

export const TOKEN_FILE_NAME = 'helena-token.bin';

export const MEMORY_ONLY_WARNING =
  'Nenhum cofre de senhas do sistema disponível (no Linux: instale e desbloqueie o gnome-keyring ou o KWallet). ' +
  'O login vale só enquanto o Helena Desk estiver aberto: na próxima vez será preciso entrar de novo.';

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

/** Writes `data` to `file` so a reader sees the old bytes or the new ones, never half: temp file, fsync, rename. */
async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export class SafeStorageSecretStore implements SecretStore {
  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly file: string,
  ) {}

  async get(): Promise<string | null> {
    let encrypted: Buffer;
    try {
      encrypted = await readFile(this.file);
    } catch (error) {
      if (isNotFound(error)) return null;
      log.warn('não foi possível ler o login salvo; será preciso entrar de novo', error);
      return null;
    }
    try {
      return this.safeStorage.decryptString(encrypted);
    } catch (error) {
      // Keychain reset or the file came from another machine: the saved login is lost, not the local data.
      log.warn('o login salvo não pôde ser decifrado (cofre do sistema mudou?); será preciso entrar de novo', error instanceof Error ? error.name : undefined);
      await rm(this.file, { force: true });
      return null;
    }
  }

  async set(token: string): Promise<void> {
    await writeFileAtomic(this.file, this.safeStorage.encryptString(token));
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

/** Whether safeStorage really encrypts (not merely obfuscates with a fixed key). */
export function encryptionIsReal(safeStorage: SafeStorageLike): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  try {
    return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  } catch {
    // Only Linux has backends to choose from; elsewhere available means the OS encrypts.
    return true;
  }
}

/** Call after app `ready`: on Linux safeStorage only knows its backend then. */
export function createSecretStore(safeStorage: SafeStorageLike, userDataDir: string): SecretStore {
  if (!encryptionIsReal(safeStorage)) {
    log.warn(MEMORY_ONLY_WARNING);
    return new MemorySecretStore();
  }
  return new SafeStorageSecretStore(safeStorage, path.join(userDataDir, TOKEN_FILE_NAME));
}

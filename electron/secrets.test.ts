import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../src/console/secret-store';
import { resetElectronStub, safeStorage, stub } from './testing/electron-stub';
import { createSecretStore, SafeStorageSecretStore, TOKEN_FILE_NAME } from './secrets';

const TOKEN = 'pn_live_7f3c9a1b2d4e5f60718293a4b5c6d7e8';

let dir: string;
let logged: string[];
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'helena-secrets-'));
  logged = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  resetElectronStub();
  rmSync(dir, { recursive: true, force: true });
});

function filesIn(folder: string): string[] {
  return readdirSync(folder);
}

describe('secrets with OS encryption', () => {
  it('keeps the token in one encrypted 0600 file that holds no plain token, and reads it back', async () => {
    const store = createSecretStore(safeStorage, dir);
    expect(store).toBeInstanceOf(SafeStorageSecretStore);
    await store.set(TOKEN);
    expect(filesIn(dir)).toEqual([TOKEN_FILE_NAME]);
    const file = path.join(dir, TOKEN_FILE_NAME);
    const bytes = readFileSync(file);
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expect(bytes.toString('latin1')).not.toContain(TOKEN.slice(0, 12));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await createSecretStore(safeStorage, dir).get()).toBe(TOKEN);
    expect(logged.join('\n')).not.toContain(TOKEN);
  });

  it('replaces the token without leaving temp files, and clear removes it', async () => {
    const store = createSecretStore(safeStorage, dir);
    await store.set(TOKEN);
    await store.set('second-token');
    expect(filesIn(dir)).toEqual([TOKEN_FILE_NAME]);
    expect(await store.get()).toBe('second-token');
    await store.clear();
    expect(filesIn(dir)).toEqual([]);
    expect(await store.get()).toBeNull();
  });

  it('a file that no longer decrypts means "log in again", not a crash', async () => {
    writeFileSync(path.join(dir, TOKEN_FILE_NAME), Buffer.from('garbage from another keychain'));
    const store = createSecretStore(safeStorage, dir);
    expect(await store.get()).toBeNull();
    expect(filesIn(dir)).toEqual([]);
  });
});

describe('secrets without real encryption', () => {
  it.each([
    ['the backend is basic_text (Linux with no keyring)', () => (stub.storageBackend = 'basic_text')],
    ['encryption is unavailable', () => (stub.encryptionAvailable = false)],
  ])('when %s: memory only, nothing written, and a warning', async (_name, arrange) => {
    arrange();
    const store = createSecretStore(safeStorage, dir);
    expect(store).toBeInstanceOf(MemorySecretStore);
    await store.set(TOKEN);
    expect(await store.get()).toBe(TOKEN);
    expect(filesIn(dir)).toEqual([]);
    const log = logged.join('\n');
    expect(log).toMatch(/entrar de novo/);
    expect(log).not.toContain(TOKEN);
  });
});

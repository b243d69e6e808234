/**
 * One core per data folder (store/data-dir-lock.ts) as the shells meet it: HelenaConsole.open on a
 * folder another process runs is refused with `data_dir_locked` before the cache, sync or the
 * outbox start, and what the web host prints and the Electron dialog shows come from that refusal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreOpenError } from '../host/core-link';
import { DataDirLockedError, dataDirLockedNotice, isDataDirLocked } from '../store/data-dir-locked';
import { HelenaConsole } from './console';
import { ConsoleError, toConsoleError } from './errors';
import { MemorySecretStore } from './secret-store';
import { fakeEngines, seededCacheDir } from './test-support';

const PT = 'O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.';
const EN = 'Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.';
const PRICES = { UTILITY: { BR: { amount: 0.008, currency: 'USD' } } };
const TOKEN = 'tok_' + 'y'.repeat(40);
const CHILD = join(import.meta.dirname, '../store/testing/data-dir-lock-child.ts');
const OFFLINE = 'http://127.0.0.1:9';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const consoles: HelenaConsole[] = [];

afterEach(async () => {
  for (const core of consoles.splice(0)) await core.close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheDir(): string {
  const dir = seededCacheDir();
  dirs.push(dir);
  return dir;
}

/** A console with a saved login and a cached agent: open resumes it and starts sync and the outbox. */
function newConsole(): { core: HelenaConsole; engines: ReturnType<typeof fakeEngines> } {
  const engines = fakeEngines();
  const core = new HelenaConsole({ secrets: new MemorySecretStore(TOKEN), prices: PRICES, engines: engines.factory, client: { retry: { maxAttempts: 1 } } });
  consoles.push(core);
  return { core, engines };
}

/** Another process holding the folder, as another Helena Desk's core does. */
async function otherProcessHolds(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  expect(line).toMatch(/^locked \d+$/);
  return child;
}

describe('HelenaConsole on a data folder another process runs', () => {
  it('is refused with data_dir_locked, in both languages, and starts neither sync nor the outbox', async () => {
    const dir = cacheDir();
    await otherProcessHolds(dir);
    const { core, engines } = newConsole();
    const opening = core.open({ location: dir, baseUrl: OFFLINE, log: () => undefined });
    await expect(opening).rejects.toBeInstanceOf(ConsoleError);
    await expect(opening).rejects.toMatchObject({ code: 'data_dir_locked', message: PT, messageEn: EN });
    expect(engines.built).toHaveLength(0);
    expect(await core.handle('state.snapshot', {})).toMatchObject({ ok: false, error: { code: 'not_open' } });
  }, 20_000);

  it('opens once the other process was killed (SIGKILL): nothing stale is left', async () => {
    const dir = cacheDir();
    const other = await otherProcessHolds(dir);
    const { core: refused } = newConsole();
    await expect(refused.open({ location: dir, baseUrl: OFFLINE, log: () => undefined })).rejects.toMatchObject({ code: 'data_dir_locked' });

    other.kill('SIGKILL');
    await once(other, 'exit');
    const { core, engines } = newConsole();
    await core.open({ location: dir, baseUrl: OFFLINE, log: () => undefined });
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_in');
    expect(engines.built).toHaveLength(1);
  }, 20_000);

  it('holds the folder from open to close: sign-out keeps it, close lets the same process open it again', async () => {
    const dir = cacheDir();
    const { core: first } = newConsole();
    await first.open({ location: dir, baseUrl: OFFLINE, log: () => undefined });
    // A second core in this very process is refused too: it would be a second outbox just the same.
    const { core: second, engines: secondEngines } = newConsole();
    await expect(second.open({ location: dir, baseUrl: OFFLINE, log: () => undefined })).rejects.toMatchObject({ code: 'data_dir_locked' });
    expect(secondEngines.built).toHaveLength(0);

    // Signing out stops the engines but keeps the core (the login screen is served by it): still held.
    await first.invoke('auth.logout', {});
    await expect(second.open({ location: dir, baseUrl: OFFLINE, log: () => undefined })).rejects.toMatchObject({ code: 'data_dir_locked' });

    // Closed (the app quits, the server is changed, the core restarts): the same process opens it again, twice.
    await first.close();
    await first.open({ location: dir, baseUrl: OFFLINE, log: () => undefined });
    await first.close();
    await second.open({ location: dir, baseUrl: OFFLINE, log: () => undefined });
    expect((await second.invoke('state.snapshot', {})).auth).toBe('logged_in');
  });
});

describe('what the agent is told', () => {
  it('keeps its code and both languages through the console and the process link', () => {
    const error = new DataDirLockedError('/dados/servers/x');
    const consoleError = toConsoleError(error);
    expect(consoleError).toBeInstanceOf(ConsoleError);
    expect(consoleError.toJSON()).toEqual({ code: 'data_dir_locked', message: PT, messageEn: EN });
    expect(isDataDirLocked(error)).toBe(true);
    expect(isDataDirLocked(consoleError)).toBe(true);
    expect(isDataDirLocked(new CoreOpenError(PT, 'data_dir_locked', EN))).toBe(true);
    expect(isDataDirLocked(new CoreOpenError('o banco não abre'))).toBe(false);
    expect(isDataDirLocked(new Error(PT))).toBe(false);
    expect(isDataDirLocked(null)).toBe(false);
  });

  it('the web host prints pt-BR, then English, then the folder; nothing for another failure', () => {
    const dir = '/home/agente/.helena-web-data/servers/127.0.0.1_4010-abcdef0123';
    // web.ts gets the console's ConsoleError (openAppCore), not the store's error.
    const notice = dataDirLockedNotice(toConsoleError(new DataDirLockedError(dir)), dir);
    expect(notice?.split('\n')).toEqual([
      `Helena Desk: ${PT}`,
      `Helena Desk: ${EN}`,
      `Pasta de dados (data folder): ${dir}`,
      'Nenhuma segunda cópia foi iniciada; a fila de mensagens continua com a cópia aberta. (No second copy was started; the message queue stays with the open one.)',
    ]);
    expect(dataDirLockedNotice(new Error('SQLITE_CORRUPT'), dir)).toBeNull();
    expect(dataDirLockedNotice(toConsoleError(new Error('x')), dir)).toBeNull();
  });
});

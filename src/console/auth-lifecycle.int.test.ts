/**
 * Login, resume, expiry and logout through the console against a real sandbox: the token lives
 * only in the secret store, and the cache survives everything but a new database.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { api, DEMO_LOGINS, readLoginCode, startTestSandbox, type RunningSandbox } from '../../sandbox/testing';
import { HelenaConsole } from './console';
import type { CoreEvent } from './core-events';
import { realEngines } from './real-engines';
import { MemorySecretStore } from './secret-store';

let sandbox: RunningSandbox;
let secrets: MemorySecretStore;
let dir: string;
let core: HelenaConsole;
let events: CoreEvent[];

async function openConsole(): Promise<void> {
  core = new HelenaConsole({ secrets, prices: {}, engines: realEngines() });
  events = [];
  core.on((event) => events.push(event));
  await core.open({ location: dir, baseUrl: sandbox.url });
  await core.whenSynced();
}

beforeEach(async () => {
  sandbox = await startTestSandbox();
  secrets = new MemorySecretStore();
  dir = mkdtempSync(join(tmpdir(), 'helena-console-auth-'));
  await openConsole();
});
afterEach(async () => {
  await core.close();
  await sandbox.close();
});

async function login(): Promise<void> {
  await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
  const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
  await core.invoke('auth.verify', { login: DEMO_LOGINS.agent, code });
  await core.whenSynced();
}

describe('auth lifecycle through the console', () => {
  it('a wrong code is refused in pt-BR and nothing is saved', async () => {
    await core.invoke('auth.requestCode', { login: DEMO_LOGINS.agent });
    const code = await readLoginCode(sandbox, DEMO_LOGINS.agent);
    const result = await core.handle('auth.verify', { login: DEMO_LOGINS.agent, code: code === '000000' ? '111111' : '000000' });
    // About the code, not "access denied": the agent must know to retype it or ask for another.
    expect(result).toMatchObject({ ok: false, error: { code: 'api.code_invalid', field: 'code' } });
    if (!result.ok) expect(result.error.message).toMatch(/^Código incorreto.*peça um novo código\.$/);
    expect(await secrets.get()).toBeNull();
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_out');
  });

  it('a login that is neither an e-mail nor a phone is refused in the agent\'s words, not the server\'s', async () => {
    // "ana.souza": the user name alone, as agents type it in other systems.
    const result = await core.handle('auth.requestCode', { login: 'ana.souza' });
    expect(result).toMatchObject({ ok: false, error: { code: 'api.login_invalid', field: 'login' } });
    if (!result.ok) {
      expect(result.error.message).toBe('Digite o e-mail completo (como nome@empresa.com.br) ou o telefone com DDD.');
      expect(result.error.messageEn).toBe('Type the whole e-mail (like name@company.com) or the phone number with its area code.');
    }
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_out');
  });

  it('resumes with the saved token after a restart; the token is never in the database files', async () => {
    await login();
    const token = await secrets.get();
    expect(token).toBeTruthy();
    expect((await core.invoke('contacts.search', { query: 'conceicao' })).items.length).toBeGreaterThan(0);
    await core.close();
    for (const file of readdirSync(dir)) expect(readFileSync(join(dir, file)).includes(token ?? '')).toBe(false);

    await openConsole();
    const snapshot = await core.invoke('state.snapshot', {});
    expect(snapshot).toMatchObject({ auth: 'logged_in', agent: { email: DEMO_LOGINS.agent }, sync: { state: 'idle' } });
    await core.invoke('sync.now', {});
    expect(JSON.stringify(events)).not.toContain(token);
  });

  it('an expired token asks to log in again, keeps local data and drafts, and a new login resumes', async () => {
    await login();
    const expired = new Promise<void>((resolve) => core.on((e) => e.type === 'auth-expired' && resolve()));
    await api(sandbox).post('/control/v1/clock/advance', { hours: 13 });
    // The socket or the next REST call finds out, whichever comes first.
    await core.handle('sync.now', {});
    await expired;
    expect(await core.handle('sync.now', {})).toMatchObject({ ok: false, error: { code: 'auth_expired' } });
    expect(events.filter((e) => e.type === 'auth-expired')).toHaveLength(1);
    expect(await secrets.get()).toBeNull();
    expect((await core.invoke('state.snapshot', {})).auth).toBe('expired');
    expect((await core.invoke('contacts.search', { query: 'joao' })).items.length).toBeGreaterThan(0);
    const conversationKey = '00000000-0000-4000-8000-000000000001';
    await core.invoke('draft.save', { conversationKey, text: 'não perco isto' });

    await login();
    expect((await core.invoke('state.snapshot', {})).auth).toBe('logged_in');
    expect(await core.invoke('draft.load', { conversationKey })).toMatchObject({ text: 'não perco isto' });
  });

  it("an expired token still asks to log in again when the system's keychain refuses to forget it", async () => {
    await login();
    // In the app the keychain answers over the core process's link, and the OS can refuse.
    secrets.clear = () => Promise.reject(new Error('o cofre de credenciais do sistema recusou o pedido'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const expired = new Promise<void>((resolve) => core.on((e) => e.type === 'auth-expired' && resolve()));
      await api(sandbox).post('/control/v1/clock/advance', { hours: 13 });
      await core.handle('sync.now', {});
      await expired;
      expect((await core.invoke('state.snapshot', {})).auth).toBe('expired');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Unhandled, the refusal would end the core process.
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('logout forgets the token on both sides but keeps the cache', async () => {
    await login();
    const token = await secrets.get();
    await core.invoke('auth.logout', {});
    expect(await secrets.get()).toBeNull();
    expect((await api(sandbox, token).get('/auth/v1/me')).status).toBe(401);
    expect(await core.handle('contacts.search', { query: 'joao' })).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    await login();
    // The cache was kept: searchable at once, before any new sync could have refilled it.
    expect((await core.invoke('contacts.search', { query: 'joao' })).items.length).toBeGreaterThan(0);
  });
});

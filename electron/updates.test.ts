/**
 * electron/updates.ts with a fake electron-updater (shaped like its AppUpdater: an EventEmitter with
 * checkForUpdates and quitAndInstall) and fake timers: when it is off, when it checks, what a
 * failure does (a log line, nothing more), and the order of a restart to update.
 */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { stub } from './testing/electron-stub';
import { CHECK_INTERVAL_MS, describeUpdateError, FIRST_CHECK_DELAY_MS, startUpdates, type AutoUpdaterLike, type UpdatePlace, type UpdatesOptions } from './updates';

class FakeUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  logger: AutoUpdaterLike['logger'] = { info: () => {}, warn: () => {}, error: () => {} };
  checks = 0;
  /** What the next checks do; by default: nothing new. */
  nextCheck: () => Promise<{ downloadPromise?: Promise<unknown> | null } | null> = () => Promise.resolve(null);
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  onInstall: () => void = () => {};

  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null> {
    this.checks += 1;
    return this.nextCheck();
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void {
    this.installs.push([isSilent, isForceRunAfter]);
    this.onInstall();
  }
  /** As electron-updater fails a check: the 'error' event, then the rejected promise. */
  failNextCheck(error: Error): void {
    this.nextCheck = () => {
      this.emit('error', error, error.stack);
      return Promise.reject(error);
    };
  }
}

const INSTALLED: UpdatePlace = { packaged: true, platform: 'win32', configFile: 'C:\\Helena Desk\\resources\\app-update.yml', exists: () => true, appImage: undefined };

interface Harness {
  updater: FakeUpdater;
  lines: Array<{ level: 'info' | 'warn' | 'error'; message: string }>;
  sent: unknown[];
  order: string[];
  options: UpdatesOptions;
}

function harness(): Harness {
  const updater = new FakeUpdater();
  const lines: Harness['lines'] = [];
  const sent: unknown[] = [];
  const order: string[] = [];
  updater.onInstall = () => order.push('quitAndInstall');
  const options: UpdatesOptions = {
    load: vi.fn(() => Promise.resolve(updater)),
    log: {
      info: (message) => lines.push({ level: 'info', message }),
      warn: (message) => lines.push({ level: 'warn', message }),
      error: (message) => lines.push({ level: 'error', message }),
    },
    send: (event) => sent.push(event),
    beforeInstall: async () => {
      order.push('core closing');
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('core closed');
    },
    relaunch: vi.fn(() => order.push('relaunch')),
  };
  return { updater, lines, sent, order, options };
}

/** Lets the loader's promise and any check settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

beforeEach(() => {
  stub.errorBoxes.length = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe('updates off', () => {
  it.each<[string, Partial<UpdatePlace>, RegExp]>([
    ['run from a checkout (npm start)', { packaged: false, configFile: null }, /código-fonte/],
    ['a package made without HELENA_UPDATE_URL', { exists: () => false }, /HELENA_UPDATE_URL/],
    ['macOS (a DMG only)', { platform: 'darwin' }, /macOS/],
    ['Linux outside an AppImage', { platform: 'linux', appImage: undefined }, /AppImage/],
  ])('%s: one info line, electron-updater never loaded, nothing ready, restart refused', async (_name, place, why) => {
    const h = harness();
    const updates = startUpdates({ ...INSTALLED, ...place }, h.options);
    await settle();
    expect(h.lines).toEqual([{ level: 'info', message: expect.stringMatching(why) as unknown }]);
    expect(h.lines[0]?.message).toMatch(/^atualizações automáticas desligadas: /);
    expect(h.options.load).not.toHaveBeenCalled();
    expect(updates.status()).toEqual({ ready: null });
    expect(updates.restart()).toMatchObject({ ok: false, error: { code: 'update.not_ready' } });
  });

  it('an AppImage on Linux is on', async () => {
    const h = harness();
    startUpdates({ ...INSTALLED, platform: 'linux', configFile: '/tmp/.mount_Helena/resources/app-update.yml', appImage: '/home/ana/Helena-Desk.AppImage' }, h.options).stop();
    await settle();
    expect(h.options.load).toHaveBeenCalledTimes(1);
  });
});

describe('updates on', () => {
  it('downloads by itself and installs on quit; checks 30 s after start, then every 4 h', async () => {
    vi.useFakeTimers();
    const h = harness();
    const updates = startUpdates(INSTALLED, h.options);
    await vi.advanceTimersByTimeAsync(0);
    expect(h.updater).toMatchObject({ autoDownload: true, autoInstallOnAppQuit: true, logger: null });
    expect(h.lines).toEqual([{ level: 'info', message: 'atualizações automáticas ligadas: primeira verificação em 30 s, depois a cada 240 min' }]);

    await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS - 1);
    expect(h.updater.checks).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS - 1);
    expect(h.updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(h.updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
    expect(h.updater.checks).toBe(3);

    updates.stop();
    await vi.advanceTimersByTimeAsync(3 * CHECK_INTERVAL_MS);
    expect(h.updater.checks).toBe(3);
  });

  it('a failed check is one log line — no dialog, nothing thrown — and the next check tries again', async () => {
    vi.useFakeTimers();
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const h = harness();
      startUpdates(INSTALLED, h.options);
      await vi.advanceTimersByTimeAsync(0);
      h.lines.length = 0;
      // What electron-updater's generic provider says when the feed answers 404: the stack, the URL with its query, the response headers.
      const notFound = Object.assign(
        new Error(
          'Cannot find channel "latest.yml" update info: HttpError: 404 Not Found\n"method: GET url: https://updates.empresa.com.br/helena/latest.yml?noCache=1h2j3"\nHeaders: {"set-cookie": "sessao=abc123"}',
        ),
        { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' },
      );
      h.updater.failNextCheck(notFound);
      await vi.advanceTimersByTimeAsync(FIRST_CHECK_DELAY_MS);
      expect(h.lines).toEqual([
        { level: 'warn', message: 'atualização: ERR_UPDATER_CHANNEL_FILE_NOT_FOUND: Cannot find channel "latest.yml" update info: HttpError: 404 Not Found (tenta de novo na próxima verificação)' },
      ]);

      // Offline: the check fails the same way; a download that fails after a good check too.
      h.updater.failNextCheck(Object.assign(new Error('net::ERR_INTERNET_DISCONNECTED'), { code: 'ERR_INTERNET_DISCONNECTED' }));
      await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
      const badSignature = new Error('New version 0.2.0 is not signed by the application owner: publisherNames: Helena');
      h.updater.nextCheck = () => {
        const downloadPromise = Promise.reject(badSignature);
        queueMicrotask(() => h.updater.emit('error', badSignature));
        return Promise.resolve({ downloadPromise });
      };
      await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
      expect(h.updater.checks).toBe(3);
      expect(h.lines.map((l) => l.message)).toEqual([
        expect.stringContaining('ERR_UPDATER_CHANNEL_FILE_NOT_FOUND') as unknown,
        'atualização: ERR_INTERNET_DISCONNECTED: net::ERR_INTERNET_DISCONNECTED (tenta de novo na próxima verificação)',
        'atualização: New version 0.2.0 is not signed by the application owner: publisherNames: Helena (tenta de novo na próxima verificação)',
      ]);
      expect(h.lines.every((l) => l.level === 'warn')).toBe(true);
      expect(h.lines.some((l) => /sessao|noCache|Headers/.test(l.message))).toBe(false);
      expect(h.sent).toEqual([]);
      expect(stub.errorBoxes).toEqual([]);

      h.updater.nextCheck = () => Promise.resolve(null);
      await vi.advanceTimersByTimeAsync(CHECK_INTERVAL_MS);
      expect(h.updater.checks).toBe(4);
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('a downloaded version tells the window once, and is what the status says', async () => {
    const h = harness();
    const updates = startUpdates(INSTALLED, h.options);
    await settle();
    expect(updates.status()).toEqual({ ready: null });
    h.lines.length = 0;
    h.updater.emit('update-available', { version: '0.2.0', files: [] });
    h.updater.emit('update-downloaded', { version: '0.2.0', downloadedFile: 'C:\\cache\\Helena Desk Setup 0.2.0.exe', files: [] });
    // Each later check finds the same download in electron-updater's cache and says both again.
    h.updater.emit('update-available', { version: '0.2.0', files: [] });
    h.updater.emit('update-downloaded', { version: '0.2.0', downloadedFile: 'C:\\cache\\Helena Desk Setup 0.2.0.exe', files: [] });
    expect(h.sent).toEqual([{ type: 'update-ready', version: '0.2.0' }]);
    expect(updates.status()).toEqual({ ready: { version: '0.2.0' } });
    expect(h.lines).toEqual([
      { level: 'info', message: 'atualização: versão 0.2.0 encontrada; baixando' },
      { level: 'info', message: 'atualização: versão 0.2.0 baixada; instala ao sair do Helena Desk' },
    ]);

    h.updater.emit('update-downloaded', { version: '' });
    expect(h.sent).toHaveLength(1);
    h.updater.emit('update-downloaded', { version: '0.3.0' });
    expect(h.sent).toEqual([
      { type: 'update-ready', version: '0.2.0' },
      { type: 'update-ready', version: '0.3.0' },
    ]);
    updates.stop();
  });

  it('a restart closes the core first, then runs the installer silently and opens the new version; once', async () => {
    const h = harness();
    const updates = startUpdates(INSTALLED, h.options);
    await settle();
    expect(updates.restart()).toMatchObject({ ok: false, error: { code: 'update.not_ready', message: expect.stringMatching(/Nenhuma nova versão/) as unknown } });

    h.updater.emit('update-downloaded', { version: '0.2.0' });
    expect(updates.restart()).toEqual({ ok: true, value: { restarting: true } });
    // The answer goes back before anything closes; the installer waits for the core.
    expect(h.order).toEqual(['core closing']);
    expect(updates.restart()).toEqual({ ok: true, value: { restarting: true } });
    await vi.waitFor(() => expect(h.order).toEqual(['core closing', 'core closed', 'quitAndInstall']));
    expect(h.updater.installs).toEqual([[true, true]]);
    expect(h.options.relaunch).not.toHaveBeenCalled();
  });

  it('an installer that cannot start (reported by electron-updater as an error) opens this version again instead of leaving a window with no core', async () => {
    const h = harness();
    const updates = startUpdates(INSTALLED, h.options);
    await settle();
    h.updater.emit('update-downloaded', { version: '0.2.0' });
    h.updater.onInstall = () => {
      h.order.push('quitAndInstall');
      // BaseUpdater.install(): dispatchError, return false, no quit.
      h.updater.emit('error', new Error("No update filepath provided, can't quit and install"));
    };
    updates.restart();
    await vi.waitFor(() => expect(h.order).toEqual(['core closing', 'core closed', 'quitAndInstall', 'relaunch']));
    expect(h.lines.filter((l) => l.level !== 'info').map((l) => l.message)).toEqual([
      "atualização: No update filepath provided, can't quit and install (tenta de novo na próxima verificação)",
      'atualização: o instalador não abriu; o Helena Desk abre de novo na versão atual',
    ]);
  });

  it('an updater that does not load leaves updates off, said once', async () => {
    const h = harness();
    h.options.load = () => Promise.reject(new Error('App version is not a valid semver version: "x"'));
    const updates = startUpdates(INSTALLED, h.options);
    await settle();
    expect(h.lines).toEqual([{ level: 'error', message: 'atualizações automáticas desligadas: o atualizador não carregou (App version is not a valid semver version: "x")' }]);
    expect(updates.status()).toEqual({ ready: null });
    expect(updates.restart()).toMatchObject({ ok: false, error: { code: 'update.not_ready' } });
  });
});

describe('describeUpdateError', () => {
  it('keeps the code and the first line, without query strings', () => {
    expect(describeUpdateError(Object.assign(new Error('404 Not Found https://u.example/f/latest.yml?token=abc#x\nHeaders: {}'), { code: 'HTTP_ERROR_404' }))).toBe(
      'HTTP_ERROR_404: 404 Not Found https://u.example/f/latest.yml',
    );
    expect(describeUpdateError('x'.repeat(500))).toHaveLength(200);
  });
});

/**
 * The installed app updates itself: electron-updater's autoUpdater, against the feed baked in at
 * packaging time (`HELENA_UPDATE_URL=… npm run dist` writes resources/app-update.yml, which
 * electron-updater reads by itself; scripts/update-feed.ts checks the address). Off, with one info
 * line, when run from a checkout, when the package has no feed, or where this package cannot update
 * itself (macOS: a DMG only; Linux outside an AppImage).
 *
 * A check 30 s after start and every 4 h; a newer version downloads by itself and installs when the
 * app quits. When it is downloaded the window hears `update-ready` and may ask to restart now
 * (app.restartToUpdate). Failures — offline, the feed down, a bad signature or checksum — are a log
 * line and nothing else: an agent on a flaky network must not get a dialog every four hours, and
 * the next check tries again.
 */
import { z } from 'zod';
import type { UpdateState } from '../src/console/bridge-contract';
import type { HandleResult } from '../src/console/console';
import { UPDATE_REFUSALS, type UpdateAnswers } from '../src/console/update-commands';

export const FIRST_CHECK_DELAY_MS = 30_000;
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The part of electron-updater's AppUpdater (NsisUpdater, AppImageUpdater) used here; tests give a fake. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: { info(message: string): void; warn(message: string): void; error(message: string): void } | null;
  on(event: 'update-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
}

export interface UpdatesLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Where this app runs, which decides whether it can update itself at all. */
export interface UpdatePlace {
  packaged: boolean;
  platform: NodeJS.Platform;
  /** resources/app-update.yml when packaged (electron/app-layout.ts), else null. */
  configFile: string | null;
  /** Whether a file exists; fs.existsSync outside tests. */
  exists: (file: string) => boolean;
  /** process.env.APPIMAGE: set by the AppImage runtime; electron-updater replaces that file. */
  appImage: string | undefined;
}

export interface UpdatesOptions {
  /** electron-updater's autoUpdater, loaded only when updates are on (it reads the app and the feed file). */
  load: () => Promise<AutoUpdaterLike>;
  log: UpdatesLog;
  /** To the window: a newer version is downloaded. */
  send: (event: { type: 'update-ready'; version: string }) => void;
  /**
   * Before the installer runs: close the core (sync, outbox, SQLite), let go of the single-instance
   * lock, stop hiding to the tray. main.ts's closeCore; must not reject.
   */
  beforeInstall: () => Promise<void>;
  /** The installer could not start after the core closed: open this version again rather than leave a window with no core. */
  relaunch: () => void;
  firstCheckMs?: number;
  intervalMs?: number;
}

export interface Updates extends UpdateAnswers {
  /** Stops the checks (the app is quitting). */
  stop(): void;
}

/** Why this app does not update itself, or null when it may. */
export function updatesOffReason(place: UpdatePlace): string | null {
  if (!place.packaged || !place.configFile) return 'rodando pelo código-fonte (npm start), não instalado';
  if (!place.exists(place.configFile)) return 'este pacote não tem servidor de atualizações (HELENA_UPDATE_URL no npm run dist)';
  // electron-updater's MacUpdater needs a zip target and a signed app; electron-builder.yml makes a DMG only.
  if (place.platform === 'darwin') return 'no macOS o pacote é só DMG, que não se atualiza sozinho';
  // AppImageUpdater replaces the file the AppImage runtime names; a --dir build or a .deb has none.
  if (place.platform === 'linux' && !place.appImage) return 'no Linux só o AppImage se atualiza sozinho';
  return null;
}

/** What electron-updater says of a version found or downloaded; it came from the feed, so it is checked before the log or the window shows it. */
const downloadedSchema = z.object({ version: z.string().trim().min(1).max(64) });

/**
 * One line for the log. electron-updater's messages can carry a stack, the response's headers
 * (cookies) and URLs with query strings: only the code and the first line go out, queries cut.
 */
export function describeUpdateError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : null;
  const raw = error instanceof Error ? error.message : String(error);
  const firstLine = (raw.split('\n')[0] ?? '').replace(/(https?:\/\/[^\s?#"']*)[?#][^\s"']*/g, '$1').slice(0, 200);
  return code ? `${code}: ${firstLine}` : firstLine;
}

export function startUpdates(place: UpdatePlace, options: UpdatesOptions): Updates {
  const off = updatesOffReason(place);
  if (off) {
    options.log.info(`atualizações automáticas desligadas: ${off}`);
    return { status: () => ({ ready: null }), restart: () => ({ ok: false, error: { ...UPDATE_REFUSALS.notReady } }), stop: () => {} };
  }

  const { log } = options;
  let updater: AutoUpdaterLike | null = null;
  let ready: { version: string } | null = null;
  let stopped = false;
  let restarting = false;
  let installing = false;
  let installFailed = false;
  let firstTimer: ReturnType<typeof setTimeout> | null = null;
  let interval: ReturnType<typeof setInterval> | null = null;
  // The 'error' event and the rejected promise report the same failure: log it once.
  const reported = new WeakSet<object>();

  function report(error: unknown): void {
    if (typeof error === 'object' && error !== null) {
      if (reported.has(error)) return;
      reported.add(error);
    }
    if (installing) installFailed = true;
    log.warn(`atualização: ${describeUpdateError(error)} (tenta de novo na próxima verificação)`);
  }

  async function check(): Promise<void> {
    if (!updater || stopped || restarting) return;
    try {
      const result = await updater.checkForUpdates();
      // With autoDownload the download runs on; its failure is reported by the 'error' event, and
      // an unhandled rejection here would be one more line saying the same.
      result?.downloadPromise?.catch(report);
    } catch (error) {
      report(error);
    }
  }

  function schedule(firstMs: number, everyMs: number): void {
    firstTimer = setTimeout(() => {
      firstTimer = null;
      void check();
      interval = setInterval(() => void check(), everyMs);
      interval.unref();
    }, firstMs);
    firstTimer.unref();
  }

  function stop(): void {
    stopped = true;
    if (firstTimer) clearTimeout(firstTimer);
    if (interval) clearInterval(interval);
    firstTimer = null;
    interval = null;
  }

  options
    .load()
    .then((loaded) => {
      if (stopped) return;
      updater = loaded;
      loaded.autoDownload = true;
      loaded.autoInstallOnAppQuit = true;
      // Its own lines print URLs and whole error stacks with response headers; ours say what matters (report, above).
      loaded.logger = null;
      loaded.on('error', (error) => report(error));
      let announced: string | null = null;
      loaded.on('update-available', (info) => {
        const parsed = downloadedSchema.safeParse(info);
        const version = parsed.success ? parsed.data.version : '?';
        if (version === announced || version === ready?.version) return;
        announced = version;
        log.info(`atualização: versão ${version} encontrada; baixando`);
      });
      loaded.on('update-downloaded', (info) => {
        const parsed = downloadedSchema.safeParse(info);
        if (!parsed.success) {
          log.warn('atualização: versão baixada sem número de versão válido; ignorada');
          return;
        }
        const { version } = parsed.data;
        // Every later check finds the same download in electron-updater's cache and says so again.
        if (ready?.version === version) return;
        log.info(`atualização: versão ${version} baixada; instala ao sair do Helena Desk`);
        ready = { version };
        options.send({ type: 'update-ready', version });
      });
      const firstMs = options.firstCheckMs ?? FIRST_CHECK_DELAY_MS;
      const everyMs = options.intervalMs ?? CHECK_INTERVAL_MS;
      log.info(`atualizações automáticas ligadas: primeira verificação em ${Math.round(firstMs / 1000)} s, depois a cada ${Math.round(everyMs / 60_000)} min`);
      schedule(firstMs, everyMs);
    })
    .catch((error: unknown) => {
      log.error(`atualizações automáticas desligadas: o atualizador não carregou (${describeUpdateError(error)})`);
    });

  /**
   * Why this order — core closed, then quitAndInstall — is the only safe one (read in
   * node_modules/electron-updater/out/BaseUpdater.js, NsisUpdater.js, AppImageUpdater.js):
   *
   * - quitAndInstall() calls install() synchronously, which starts the installer at once:
   *   NsisUpdater spawns `installer --updated /S --force-run`, whose CHECK_APP_RUNNING waits about
   *   1.3 s and then kills every process under the install folder (the core's utilityProcess
   *   included) with Stop-Process, force-killing a second later; AppImageUpdater `mv`s the new
   *   AppImage over the old file and spawns it. Only after that, on setImmediate, does it call
   *   app.quit(). Quitting first and letting main.ts's before-quit close the core would race the
   *   installer: SQLite, the outbox and a sync page could be killed mid-write.
   * - So the core closes first (beforeInstall), and by the time quitAndInstall's app.quit() runs,
   *   main.ts has no gate left: before-quit does not preventDefault, and nothing holds the quit
   *   the installer is waiting for. The single-instance lock is let go too, or the AppImage
   *   started at once would find it held and quit.
   * - The other path, installing when the agent quits (autoInstallOnAppQuit), runs on app 'quit',
   *   which Electron emits only after a before-quit that was not prevented — i.e. after main.ts
   *   closed the core and quit again. A prevented before-quit emits no 'quit', so that once-only
   *   handler is not used up by the first, held, quit.
   */
  async function install(active: AutoUpdaterLike): Promise<void> {
    stop();
    await options.beforeInstall();
    installing = true;
    try {
      // Silent (the one-click NSIS installer shows no wizard), then run the new version.
      active.quitAndInstall(true, true);
    } catch (error) {
      report(error);
    }
    installing = false;
    // install() reports its failures (no downloaded file, the installer would not start) through
    // 'error', synchronously, and then does not quit.
    if (installFailed) {
      log.error('atualização: o instalador não abriu; o Helena Desk abre de novo na versão atual');
      options.relaunch();
    }
  }

  return {
    status: (): UpdateState => ({ ready }),
    restart(): HandleResult {
      if (!ready || !updater) return { ok: false, error: { ...UPDATE_REFUSALS.notReady } };
      if (!restarting) {
        restarting = true;
        log.info(`atualização: reiniciando para instalar a versão ${ready.version}`);
        void install(updater);
      }
      return { ok: true, value: { restarting: true } };
    },
    stop,
  };
}

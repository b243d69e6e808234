/**
 * The tray icon and the "contact replied" notifications. Agents keep the console behind other
 * windows (or closed to the tray) most of the day; a reply is what they must not miss, so it
 * shows as an OS notification whose click opens that conversation, and as a count in the title.
 */
import { mkdirSync } from 'node:fs';
import { clipboard, Menu, Notification, Tray, nativeImage, shell, type MenuItemConstructorOptions } from 'electron';
import type { BridgeEvent, ShellEvent } from '../src/console/bridge-contract';
import { log } from './log';

export const APP_TITLE = 'Helena Desk';
export const NOTIFICATION_BODY_MAX = 120;
/** Failed schedules heard within this long make one batch; more than MAX_SCHEDULE_TOASTS of them, one summary. */
export const SCHEDULE_FAILURES_GATHER_MS = 1_500;
const MAX_SCHEDULE_TOASTS = 2;
/**
 * At most this many notifications are held for their clicks. Windows' notification center keeps 20
 * per app, first in, first out: an older one has left it, and no click on it can come.
 */
export const MAX_HELD_NOTIFICATIONS = 20;

type ScheduleFailed = Extract<BridgeEvent, { type: 'schedule-failed' }>;

export interface TrayDeps {
  iconPath: string;
  reveal: () => void;
  quit: () => void;
  /** The log folder "Abrir pasta de registros" opens: fixed by main.ts, never a path from the window. */
  logsDir: string;
  /** What "Copiar informações para o suporte" puts on the clipboard (support-info.ts: never the token). */
  supportInfo: () => string;
  /**
   * "Abrir ao entrar no computador": the OS starts Helena Desk at sign-in, so replies are not missed
   * because nobody opened it. Absent where Electron cannot do it (Linux).
   */
  openAtLogin?: { get(): boolean; set(open: boolean): void };
}

/** Opens the folder in the system's file manager, so the agent can attach main.log to a support request. */
function openLogsFolder(dir: string): void {
  try {
    // Nothing may have been written yet (a file that could not be created): an empty folder still answers the question.
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    log.warn('não foi possível criar a pasta de registros', error);
  }
  shell
    .openPath(dir)
    .then((problem) => {
      if (problem) log.warn(`não foi possível abrir a pasta de registros: ${problem}`);
    })
    .catch((error: unknown) => log.warn('não foi possível abrir a pasta de registros', error));
}

/** The parts of Electron's app the login item uses. */
export interface LoginItemApp {
  getLoginItemSettings(): { openAtLogin: boolean; executableWillLaunchAtLogin: boolean };
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

/**
 * "Abrir ao entrar no computador" as the OS will really do it, or undefined where Electron has no
 * login items (Linux). On Windows `openAtLogin` only says the Run key is there: turned off in Task
 * Manager's or Settings' startup apps it stays true while Windows starts nothing, so the checkbox
 * would claim a start that never comes. `executableWillLaunchAtLogin` is the key there and not
 * turned off (Electron's app.getLoginItemSettings docs), and setting it on again approves it again
 * (`enabled` defaults to true).
 */
export function openAtLoginSetting(app: LoginItemApp, platform: NodeJS.Platform): TrayDeps['openAtLogin'] {
  if (platform !== 'win32' && platform !== 'darwin') return undefined;
  return {
    get: () => {
      const settings = app.getLoginItemSettings();
      return platform === 'win32' ? settings.executableWillLaunchAtLogin : settings.openAtLogin;
    },
    set: (open) => app.setLoginItemSettings({ openAtLogin: open }),
  };
}

function openAtLoginItem(setting: NonNullable<TrayDeps['openAtLogin']>): MenuItemConstructorOptions {
  return {
    label: 'Abrir ao entrar no computador',
    type: 'checkbox',
    checked: setting.get(),
    // Electron flips the checkbox itself; the OS setting follows it.
    click: (item) => setting.set(item.checked),
  };
}

export function createTray(deps: TrayDeps): Tray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath));
  tray.setToolTip(APP_TITLE);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Abrir Helena Desk', click: () => deps.reveal() },
      { type: 'separator' },
      { label: 'Abrir pasta de registros', click: () => openLogsFolder(deps.logsDir) },
      { label: 'Copiar informações para o suporte', click: () => clipboard.writeText(deps.supportInfo()) },
      ...(deps.openAtLogin ? [openAtLoginItem(deps.openAtLogin)] : []),
      { type: 'separator' },
      { label: 'Sair', click: () => deps.quit() },
    ]),
  );
  tray.on('click', () => deps.reveal());
  return tray;
}

/** Cuts on a character boundary (not inside a surrogate pair) and says it was cut. */
export function shortenForNotification(text: string, max = NOTIFICATION_BODY_MAX): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export function titleWithUnread(unread: number): string {
  return unread > 0 ? `${APP_TITLE} (${unread})` : APP_TITLE;
}

export interface NotifierWindow {
  isFocused(): boolean;
  setTitle(title: string): void;
  isDestroyed(): boolean;
}

export interface ReplyNotifierDeps {
  getWindow: () => NotifierWindow | null;
  reveal: () => void;
  sendEvent: (event: ShellEvent) => void;
  /** Tray tooltip follows the title; optional so tests and trayless setups can skip it. */
  setTooltip?: (text: string) => void;
  /** process.platform unless a test says otherwise: Windows keeps a closed toast clickable. */
  platform?: NodeJS.Platform;
}

export interface ReplyNotifier {
  onEvent(event: BridgeEvent): void;
  /** The agent is looking at the window again: the count goes back to zero. */
  windowFocused(): void;
  readonly unread: number;
  /** Notifications still held so that their click can arrive (never more than MAX_HELD_NOTIFICATIONS). */
  readonly held: number;
}

export function createReplyNotifier(deps: ReplyNotifierDeps): ReplyNotifier {
  let unread = 0;
  const platform = deps.platform ?? process.platform;
  // Electron drops a notification's click handler once the object is garbage-collected; hold each until it is done.
  const live = new Set<Notification>();

  /**
   * Shows `notification`, held until its click (which runs `onClick`), a failure, or its end.
   * On Windows 'close' is not its end: a toast that timed out, or whose banner the agent closed,
   * moves to the notification center and emits 'close', and a click there still reaches this object
   * (Electron's Notification docs, 'close'; electron/electron#40197). Let go then, it could be
   * collected and the agent's click on "Rita respondeu" would open nothing. Only the app's own
   * close() ('applicationHidden') takes it off the list there.
   */
  const showHeld = (notification: Notification, onClick: () => void): void => {
    live.add(notification);
    notification.on('click', () => {
      live.delete(notification);
      onClick();
    });
    notification.on('close', (event) => {
      if (platform !== 'win32' || event.reason === 'applicationHidden') live.delete(notification);
    });
    notification.on('failed', (_e, error) => {
      live.delete(notification);
      log.warn(`a notificação não pôde ser exibida: ${error}`);
    });
    for (const oldest of live) {
      if (live.size <= MAX_HELD_NOTIFICATIONS) break;
      live.delete(oldest);
    }
    notification.show();
  };

  const showCount = (): void => {
    const title = titleWithUnread(unread);
    const win = deps.getWindow();
    if (win && !win.isDestroyed()) win.setTitle(title);
    deps.setTooltip?.(title);
  };

  /**
   * A schedule the agent promised that HelenaCRM did not send: shown even with the window in front
   * (the agent may be in another conversation, and nothing else in the window would call them to
   * it), not counted as an unread reply. The click opens the contact's conversation.
   */
  const showOneScheduleFailed = (event: ScheduleFailed): void => {
    if (!Notification.isSupported()) return;
    const detail = [event.templateName, event.reason].filter((part): part is string => Boolean(part)).join(' — ');
    const notification = new Notification({
      title: `Agendamento não enviado: ${event.contactName.trim() || 'contato'}`,
      body: shortenForNotification(detail) || 'O HelenaCRM não enviou a mensagem agendada. Clique para abrir a conversa.',
    });
    const { sessionId } = event;
    showHeld(notification, () => {
      deps.reveal();
      if (sessionId) deps.sendEvent({ type: 'open-conversation', sessionId });
    });
  };
  /**
   * Failures heard within a moment of each other: one notification each for one or two, a single
   * summary for more. The first start after installing hears every failure of the past week at
   * once, and a stack of toasts teaches agents to dismiss them unread.
   */
  let failures: ScheduleFailed[] = [];
  let failuresTimer: ReturnType<typeof setTimeout> | null = null;
  const showScheduleFailures = (): void => {
    failuresTimer = null;
    const batch = failures;
    failures = [];
    if (batch.length <= MAX_SCHEDULE_TOASTS) {
      batch.forEach(showOneScheduleFailed);
      return;
    }
    if (!Notification.isSupported()) return;
    const names = [...new Set(batch.map((f) => f.contactName.trim() || 'contato'))];
    const shown = names.slice(0, 3).join(', ');
    const more = names.length > 3 ? ` e mais ${names.length - 3}` : '';
    const notification = new Notification({
      title: `${batch.length} agendamentos não enviados`,
      body: shortenForNotification(`${shown}${more}. Abra as conversas para agendar de novo.`),
    });
    showHeld(notification, () => deps.reveal());
  };
  const showScheduleFailed = (event: ScheduleFailed): void => {
    failures.push(event);
    failuresTimer ??= setTimeout(showScheduleFailures, SCHEDULE_FAILURES_GATHER_MS);
  };

  return {
    get unread() {
      return unread;
    },
    get held() {
      return live.size;
    },
    windowFocused() {
      if (unread === 0) return;
      unread = 0;
      showCount();
    },
    onEvent(event) {
      if (event.type === 'schedule-failed') {
        showScheduleFailed(event);
        return;
      }
      if (event.type !== 'contact-replied') return;
      const win = deps.getWindow();
      if (win && !win.isDestroyed() && win.isFocused()) return;
      unread += 1;
      showCount();
      if (!Notification.isSupported()) return;
      const notification = new Notification({
        title: event.contactName.trim() || 'Novo contato',
        body: shortenForNotification(event.text) || 'Enviou uma mensagem. Clique para abrir a conversa.',
      });
      const { sessionId } = event;
      showHeld(notification, () => {
        deps.reveal();
        deps.sendEvent({ type: 'open-conversation', sessionId });
      });
    },
  };
}

/**
 * The tray icon and the "contact replied" notifications. Agents keep the console behind other
 * windows (or closed to the tray) most of the day; a reply is what they must not miss, so it
 * shows as an OS notification whose click opens that conversation, and as a count in the title.
 */
import { mkdirSync } from 'node:fs';
import { clipboard, Menu, Notification, Tray, nativeImage, shell, type MenuItemConstructorOptions } from 'electron';
import { z } from 'zod';
import type { BridgeEvent, ShellEvent } from '../src/console/bridge-contract';
import type { BridgeTarget } from '../src/console/update-commands';
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
  /**
   * Who is signed in now, as the window last heard (watchingTheAgent below): null signed out. When
   * it is no longer the agent the notifications were for, theirs are closed and forgotten: all of
   * them, or with `since` (mark() taken as the login began) those from before it only, since the
   * new login's first replies can come before its answer does.
   */
  agentIs(agentId: string | null, since?: number): void;
  /** A mark for agentIs: what is shown or counted after it belongs to the login about to start. */
  mark(): number;
}

export function createReplyNotifier(deps: ReplyNotifierDeps): ReplyNotifier {
  /** Every reply, notification and failure heard gets the next number: agentIs(…, since) cuts by it. */
  let seq = 0;
  /** The unread replies (their numbers): the count in the title. */
  let unreadReplies: number[] = [];
  const platform = deps.platform ?? process.platform;
  // Electron drops a notification's click handler once the object is garbage-collected; hold each until it is done.
  const live = new Map<Notification, number>();
  /** The agent the shown notifications are for; undefined until the first snapshot or login says. */
  let owner: string | null | undefined;
  /** Closed for an agent who left: a click already on its way opens nothing. */
  const retired = new WeakSet<Notification>();

  /**
   * Shows `notification`, held until its click (which runs `onClick`), a failure, or its end.
   * On Windows 'close' is not its end: a toast that timed out, or whose banner the agent closed,
   * moves to the notification center and emits 'close', and a click there still reaches this object
   * (Electron's Notification docs, 'close'; electron/electron#40197). Let go then, it could be
   * collected and the agent's click on "Rita respondeu" would open nothing. Only the app's own
   * close() ('applicationHidden') takes it off the list there.
   */
  const showHeld = (notification: Notification, onClick: () => void): void => {
    live.set(notification, ++seq);
    notification.on('click', () => {
      live.delete(notification);
      // A toast of the agent before (a click racing its close): it would open a conversation this login may not see.
      if (!retired.has(notification)) onClick();
    });
    notification.on('close', (event) => {
      if (platform !== 'win32' || event.reason === 'applicationHidden') live.delete(notification);
    });
    notification.on('failed', (_e, error) => {
      live.delete(notification);
      log.warn(`a notificação não pôde ser exibida: ${error}`);
    });
    for (const [oldest] of live) {
      if (live.size <= MAX_HELD_NOTIFICATIONS) break;
      live.delete(oldest);
    }
    notification.show();
  };

  const showCount = (): void => {
    const title = titleWithUnread(unreadReplies.length);
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
  let failures: Array<{ event: ScheduleFailed; seq: number }> = [];
  let failuresTimer: ReturnType<typeof setTimeout> | null = null;
  const showScheduleFailures = (): void => {
    failuresTimer = null;
    const batch = failures.map((f) => f.event);
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
    failures.push({ event, seq: ++seq });
    failuresTimer ??= setTimeout(showScheduleFailures, SCHEDULE_FAILURES_GATHER_MS);
  };

  /**
   * Another agent (or none) at this desk: the notifications of the one before are theirs, not this
   * agent's. On Windows they would stay in the notification center, and a click there opened a
   * conversation the new login is refused. close() takes a toast off the screen and out of the
   * notification center, also one already moved there (Electron's Notification docs, close();
   * electron/electron#40197). The unread count and any failures still gathering were theirs too.
   * Only what was heard before `until` (all, by default) is theirs.
   */
  const forgetBefore = (until = Infinity): void => {
    for (const [notification, shownAt] of [...live]) {
      if (shownAt >= until) continue;
      live.delete(notification);
      retired.add(notification);
      try {
        notification.close();
      } catch (error) {
        log.warn('não foi possível fechar uma notificação antiga', error);
      }
    }
    failures = failures.filter((f) => f.seq >= until);
    if (failures.length === 0 && failuresTimer) {
      clearTimeout(failuresTimer);
      failuresTimer = null;
    }
    const count = unreadReplies.length;
    unreadReplies = unreadReplies.filter((at) => at >= until);
    if (unreadReplies.length !== count) showCount();
  };

  return {
    get unread() {
      return unreadReplies.length;
    },
    get held() {
      return live.size;
    },
    mark() {
      return seq + 1;
    },
    agentIs(agentId, since) {
      if (agentId === owner) return;
      const before = owner;
      owner = agentId;
      // The first word of who is signed in (the window's first snapshot), or a login after a
      // sign-out (which closed everything): whatever is shown is this agent's.
      if (agentId !== null && (before === undefined || before === null)) return;
      forgetBefore(agentId === null ? Infinity : since);
    },
    windowFocused() {
      if (unreadReplies.length === 0) return;
      unreadReplies = [];
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
      unreadReplies.push(++seq);
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

/** The parts of a command's answer that say who is signed in; everything else in it is left alone. */
const SIGNED_IN = z.looseObject({ ok: z.literal(true), value: z.looseObject({ agent: z.looseObject({ id: z.string().min(1) }) }) });
const SNAPSHOT = z.looseObject({
  ok: z.literal(true),
  value: z.looseObject({ auth: z.enum(['logged_in', 'logged_out', 'expired']), agent: z.looseObject({ id: z.string().min(1) }).nullable() }),
});
const DONE = z.looseObject({ ok: z.literal(true) });

/**
 * `target` (the server gate) with who is signed in read off the answers passing through it to the
 * window: a login, a logout, a snapshot (the window reads one at start and after every change of
 * agent), a change of server (another server's conversations). The core says nothing of it as an
 * event, and the shell must know to close the previous agent's notifications (agentIs).
 */
export function watchingTheAgent(target: BridgeTarget, notifier: Pick<ReplyNotifier, 'agentIs' | 'mark'>): BridgeTarget {
  const heard = (command: unknown, answer: unknown, since: number): void => {
    if (command === 'auth.verify') {
      const parsed = SIGNED_IN.safeParse(answer);
      // The core starts the new login's sync before it answers: replies heard since are that login's.
      if (parsed.success) notifier.agentIs(parsed.data.value.agent.id, since);
    } else if (command === 'auth.logout' || command === 'server.save') {
      if (DONE.safeParse(answer).success) notifier.agentIs(null);
    } else if (command === 'state.snapshot') {
      const parsed = SNAPSHOT.safeParse(answer);
      if (parsed.success) notifier.agentIs(parsed.data.value.auth === 'logged_out' ? null : (parsed.data.value.agent?.id ?? null));
    }
  };
  return {
    async handle(command, input) {
      const since = notifier.mark();
      const answer = await target.handle(command, input);
      try {
        heard(command, answer, since);
      } catch (error) {
        // Never the window's answer that pays for a notification that would not close.
        log.warn('não foi possível acompanhar a troca de atendente', error);
      }
      return answer;
    },
    on: (listener) => target.on(listener),
  };
}

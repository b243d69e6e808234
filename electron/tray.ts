/**
 * The tray icon and the "contact replied" notifications. Agents keep the console behind other
 * windows (or closed to the tray) most of the day; a reply is what they must not miss, so it
 * shows as an OS notification whose click opens that conversation, and as a count in the title.
 */
import { Menu, Notification, Tray, nativeImage } from 'electron';
import type { BridgeEvent, ShellEvent } from '../src/console/bridge-contract';
import { log } from './log';

export const APP_TITLE = 'Helena Desk';
export const NOTIFICATION_BODY_MAX = 120;

export interface TrayDeps {
  iconPath: string;
  reveal: () => void;
  quit: () => void;
}

export function createTray(deps: TrayDeps): Tray {
  const tray = new Tray(nativeImage.createFromPath(deps.iconPath));
  tray.setToolTip(APP_TITLE);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Abrir Helena Desk', click: () => deps.reveal() },
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
}

export interface ReplyNotifier {
  onEvent(event: BridgeEvent): void;
  /** The agent is looking at the window again: the count goes back to zero. */
  windowFocused(): void;
  readonly unread: number;
}

export function createReplyNotifier(deps: ReplyNotifierDeps): ReplyNotifier {
  let unread = 0;
  // Electron drops a notification's click handler once the object is garbage-collected; hold each until it is done.
  const live = new Set<Notification>();

  const showCount = (): void => {
    const title = titleWithUnread(unread);
    const win = deps.getWindow();
    if (win && !win.isDestroyed()) win.setTitle(title);
    deps.setTooltip?.(title);
  };

  return {
    get unread() {
      return unread;
    },
    windowFocused() {
      if (unread === 0) return;
      unread = 0;
      showCount();
    },
    onEvent(event) {
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
      live.add(notification);
      const { sessionId } = event;
      notification.on('click', () => {
        live.delete(notification);
        deps.reveal();
        deps.sendEvent({ type: 'open-conversation', sessionId });
      });
      notification.on('close', () => live.delete(notification));
      notification.on('failed', (_e, error) => {
        live.delete(notification);
        log.warn(`a notificação não pôde ser exibida: ${error}`);
      });
      notification.show();
    },
  };
}

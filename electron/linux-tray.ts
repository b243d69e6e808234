/**
 * Whether a Linux desktop will show our tray icon. Electron draws it as a StatusNotifierItem over
 * D-Bus, which only a StatusNotifierWatcher on the session bus puts on screen (KDE, XFCE, Cinnamon,
 * GNOME with the AppIndicator extension); plain GNOME has none, and the icon silently shows nowhere.
 * Electron has no API to ask, so the session bus is asked once at start with a short child process.
 * Any doubt (no gdbus nor dbus-send, no session bus, a timeout, an answer not understood) counts as
 * "no tray": closing the window then minimizes instead of hiding it with nothing left to click.
 */
import { execFile } from 'node:child_process';

export const STATUS_NOTIFIER_WATCHER = 'org.kde.StatusNotifierWatcher';
/** A session bus answers NameHasOwner in milliseconds; longer means something is wrong with it. */
export const TRAY_CHECK_TIMEOUT_MS = 2_000;

/** Runs `file` with `args`; resolves with its stdout, rejects on a missing command, a failure or the timeout. */
export type CommandRunner = (file: string, args: readonly string[], timeoutMs: number) => Promise<string>;

export const runCommand: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { timeout: timeoutMs, windowsHide: true, encoding: 'utf8', maxBuffer: 64 * 1024 }, (error, stdout) => {
      if (error) reject(error);
      else resolve(stdout);
    });
  });

/** gdbus prints the reply as a GVariant tuple: "(true,)". */
const GDBUS = {
  file: 'gdbus',
  args: ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus', '--method', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER],
  owned: (out: string): boolean | null => (/^\(true,\)$/.test(out.trim()) ? true : /^\(false,\)$/.test(out.trim()) ? false : null),
};
/** dbus-send (where glib's tools are missing) prints "method return … \n   boolean true". */
const DBUS_SEND = {
  file: 'dbus-send',
  args: ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', `string:${STATUS_NOTIFIER_WATCHER}`],
  owned: (out: string): boolean | null => (/^\s*boolean true\s*$/m.test(out) ? true : /^\s*boolean false\s*$/m.test(out) ? false : null),
};

/**
 * True only when the session bus says a StatusNotifierWatcher is there. Never rejects; `warn`
 * hears why the answer is "no" when it is a failure rather than a plain no.
 */
export async function statusNotifierWatcherPresent(run: CommandRunner = runCommand, warn: (message: string) => void = () => {}): Promise<boolean> {
  const problems: string[] = [];
  for (const tool of [GDBUS, DBUS_SEND]) {
    try {
      const answer = tool.owned(await run(tool.file, tool.args, TRAY_CHECK_TIMEOUT_MS));
      if (answer !== null) return answer;
      problems.push(`${tool.file}: resposta não reconhecida`);
    } catch (error) {
      const code = error instanceof Error && 'code' in error ? String(error.code) : '';
      problems.push(`${tool.file}: ${code || (error instanceof Error ? error.message.slice(0, 120) : String(error))}`);
    }
  }
  warn(`não foi possível saber se a área de notificação mostra o ícone (${problems.join('; ')}); fechar a janela vai minimizá-la`);
  return false;
}

/** What closing the window does: hide to the tray where the agent can see the tray, else minimize. */
export type CloseAction = 'hide' | 'minimize';

/**
 * Windows and macOS always show the tray icon (the menu-bar extra); Linux (and other X11/Wayland
 * desktops) only with a watcher known
 * (`linuxTray`: null while the check has not answered yet, which counts as none).
 */
export function closeAction(platform: NodeJS.Platform, linuxTray: boolean | null): CloseAction {
  if (platform === 'win32' || platform === 'darwin') return 'hide';
  return linuxTray === true ? 'hide' : 'minimize';
}

import { describe, expect, it, vi } from 'vitest';
import { closeAction, STATUS_NOTIFIER_WATCHER, statusNotifierWatcherPresent, TRAY_CHECK_TIMEOUT_MS, type CommandRunner } from './linux-tray';

function enoent(file: string): Error {
  return Object.assign(new Error(`spawn ${file} ENOENT`), { code: 'ENOENT' });
}

describe('statusNotifierWatcherPresent', () => {
  it('asks the session bus with gdbus, with a timeout, whether the watcher has an owner', async () => {
    const run = vi.fn<CommandRunner>().mockResolvedValue('(true,)\n');
    expect(await statusNotifierWatcherPresent(run)).toBe(true);
    expect(run).toHaveBeenCalledTimes(1);
    const [file, args, timeout] = run.mock.calls[0]!;
    expect(file).toBe('gdbus');
    expect(args).toEqual(expect.arrayContaining(['--session', 'org.freedesktop.DBus.NameHasOwner', STATUS_NOTIFIER_WATCHER]));
    expect(timeout).toBe(TRAY_CHECK_TIMEOUT_MS);
  });

  it('plain GNOME (no AppIndicator extension): the bus says no owner, so no tray', async () => {
    const warn = vi.fn();
    expect(await statusNotifierWatcherPresent(vi.fn<CommandRunner>().mockResolvedValue('(false,)\n'), warn)).toBe(false);
    // A plain "no" is an answer, not a problem.
    expect(warn).not.toHaveBeenCalled();
  });

  it('without gdbus it asks with dbus-send', async () => {
    const run = vi.fn<CommandRunner>(async (file) => {
      if (file === 'gdbus') throw enoent(file);
      return 'method return time=1.2 sender=org.freedesktop.DBus -> destination=:1.9 serial=3 reply_serial=2\n   boolean true\n';
    });
    expect(await statusNotifierWatcherPresent(run)).toBe(true);
    expect(run.mock.calls.map(([file]) => file)).toEqual(['gdbus', 'dbus-send']);
    expect(run.mock.calls[1]![1]).toContain(`string:${STATUS_NOTIFIER_WATCHER}`);
  });

  it('no command, no session bus, a timeout or an answer not understood all mean "no tray known", said once in the log', async () => {
    const warn = vi.fn();
    expect(await statusNotifierWatcherPresent(async (file) => Promise.reject(enoent(file)), warn)).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatch(/gdbus: ENOENT; dbus-send: ENOENT/);

    const timedOut = Object.assign(new Error('Command failed: gdbus call'), { killed: true, signal: 'SIGTERM', code: null });
    expect(await statusNotifierWatcherPresent(async () => Promise.reject(timedOut))).toBe(false);
    expect(await statusNotifierWatcherPresent(async () => 'Error: Cannot autolaunch D-Bus without X11 $DISPLAY')).toBe(false);
    expect(await statusNotifierWatcherPresent(async () => '(true, false)')).toBe(false);
  });

  it('the real runner reports a missing command as a failure, never a throw (this machine may have neither tool)', async () => {
    await expect(statusNotifierWatcherPresent(undefined, () => {})).resolves.toEqual(expect.any(Boolean));
  });
});

describe('closeAction', () => {
  it('Windows and macOS hide to the tray as before; Linux only with a watcher known, else minimizes (also while the check is pending)', () => {
    expect(closeAction('win32', null)).toBe('hide');
    expect(closeAction('darwin', false)).toBe('hide');
    expect(closeAction('linux', true)).toBe('hide');
    expect(closeAction('linux', false)).toBe('minimize');
    expect(closeAction('linux', null)).toBe('minimize');
  });
});

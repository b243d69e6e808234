import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ShellEvent } from '../src/console/bridge-contract';
import type { CoreEvent } from '../src/console/core-events';
import { app, BrowserWindow, type FakeNativeImage, Notification, resetElectronStub, stub, Tray } from './testing/electron-stub';
import { createReplyNotifier, createTray, MAX_HELD_NOTIFICATIONS, openAtLoginSetting, NOTIFICATION_BODY_MAX, SCHEDULE_FAILURES_GATHER_MS, shortenForNotification, watchingTheAgent } from './tray';

afterEach(() => {
  vi.useRealTimers();
  resetElectronStub();
});

const reply = (text: string, sessionId = 's-42'): CoreEvent => ({ type: 'contact-replied', sessionId, contactId: 'c1', contactName: 'Rita Marques', text });

function setup(platform: NodeJS.Platform = 'linux') {
  const win = new BrowserWindow({ title: 'Helena Desk' });
  const sent: ShellEvent[] = [];
  let reveals = 0;
  const notifier = createReplyNotifier({
    platform,
    getWindow: () => win,
    reveal: () => {
      reveals += 1;
      win.show();
      win.focus();
    },
    sendEvent: (event) => sent.push(event),
  });
  win.on('focus', () => notifier.windowFocused());
  return { win, sent, notifier, reveals: () => reveals };
}

describe('reply notifications', () => {
  it('contact-replied while the window is not focused shows one notification; its click opens the conversation', () => {
    const { win, sent, notifier, reveals } = setup();
    notifier.onEvent(reply('Oi, pode me mandar o boleto?'));
    expect(Notification.instances).toHaveLength(1);
    const notification = Notification.instances[0]!;
    expect(notification.shown).toBe(true);
    expect(notification.options).toEqual({ title: 'Rita Marques', body: 'Oi, pode me mandar o boleto?' });
    expect(sent).toEqual([]);
    notification.click();
    expect(reveals()).toBe(1);
    expect(win.isFocused()).toBe(true);
    expect(sent).toEqual([{ type: 'open-conversation', sessionId: 's-42' }]);
  });

  it('no notification while the agent is looking at the window, nor for other events', () => {
    const { win, notifier } = setup();
    win.focus();
    notifier.onEvent(reply('Oi'));
    notifier.onEvent({ type: 'contacts-changed' });
    notifier.onEvent({ type: 'open-conversation', sessionId: 's' });
    expect(Notification.instances).toHaveLength(0);
    expect(win.getTitle()).toBe('Helena Desk');
  });

  it('counts unread replies in the title until the window is focused', () => {
    const { win, notifier } = setup();
    notifier.onEvent(reply('1', 'a'));
    notifier.onEvent(reply('2', 'b'));
    expect(win.getTitle()).toBe('Helena Desk (2)');
    expect(notifier.unread).toBe(2);
    win.focus();
    expect(win.getTitle()).toBe('Helena Desk');
    expect(notifier.unread).toBe(0);
  });

  it('cuts long texts to about 120 characters, on a character boundary', () => {
    const { notifier } = setup();
    const long = `${'😀'.repeat(70)} ${'palavra '.repeat(30)}`;
    notifier.onEvent(reply(long));
    const body = Notification.instances[0]!.options.body!;
    expect(Array.from(body).length).toBeLessThanOrEqual(NOTIFICATION_BODY_MAX);
    expect(body.endsWith('…')).toBe(true);
    expect(body).not.toMatch(/[\uD800-\uDBFF]…$/);
    expect(shortenForNotification('curto\n\n  texto')).toBe('curto texto');
  });

  it('Windows: a toast that timed out or whose banner was closed stays held, so its click in the notification center still opens the conversation', () => {
    const { sent, notifier } = setup('win32');
    notifier.onEvent(reply('Oi, pode me mandar o boleto?', 's-1'));
    notifier.onEvent(reply('Alguém aí?', 's-2'));
    const [timedOut, closed] = Notification.instances;
    timedOut!.dismiss('timedOut');
    closed!.dismiss('userCanceled');
    // Held, not left to the garbage collector: Electron delivers the later click to this object only while it lives.
    expect(notifier.held).toBe(2);
    timedOut!.click();
    expect(sent).toEqual([{ type: 'open-conversation', sessionId: 's-1' }]);
    expect(notifier.held).toBe(1);
    // The app's own close() takes it out of the notification center: nothing more can come.
    closed!.dismiss('applicationHidden');
    expect(notifier.held).toBe(0);
  });

  it('Windows: a busy day holds only the newest notifications; elsewhere a closed one is let go', () => {
    const win32 = setup('win32');
    for (let i = 0; i < MAX_HELD_NOTIFICATIONS + 5; i++) {
      win32.notifier.onEvent(reply(`mensagem ${i}`, `s-${i}`));
      Notification.instances.at(-1)!.dismiss('timedOut');
    }
    expect(win32.notifier.held).toBe(MAX_HELD_NOTIFICATIONS);
    Notification.instances.at(-1)!.click();
    expect(win32.sent).toEqual([{ type: 'open-conversation', sessionId: `s-${MAX_HELD_NOTIFICATIONS + 4}` }]);

    const mac = setup('darwin');
    mac.notifier.onEvent(reply('Oi'));
    expect(mac.notifier.held).toBe(1);
    Notification.instances.at(-1)!.dismiss('userCanceled');
    expect(mac.notifier.held).toBe(0);
  });

  it('no OS notification support: still counts, never throws', () => {
    Notification.supported = false;
    const { win, notifier } = setup();
    notifier.onEvent(reply('Oi'));
    expect(Notification.instances).toHaveLength(0);
    expect(win.getTitle()).toBe('Helena Desk (1)');
  });
});

describe('tray', () => {
  const deps = { iconPath: '/x/tray-icon.png', reveal: () => {}, quit: () => {}, logsDir: '/x/logs', supportInfo: () => '' };

  it('has a pt-BR menu that opens the window and quits', () => {
    let reveals = 0;
    let quits = 0;
    createTray({ ...deps, reveal: () => (reveals += 1), quit: () => (quits += 1) });
    const tray = Tray.instances[0]!;
    expect(tray.tooltip).toBe('Helena Desk');
    const items = tray.menu!.items;
    expect(items.filter((i) => i.label).map((i) => i.label)).toEqual(['Abrir Helena Desk', 'Abrir pasta de registros', 'Copiar informações para o suporte', 'Sair']);
    items.find((i) => i.label === 'Abrir Helena Desk')!.click!();
    tray.emit('click');
    items.find((i) => i.label === 'Sair')!.click!();
    expect([reveals, quits]).toEqual([2, 1]);
  });

  it('its icon is what the notification area draws: 16 px at 100 % with a 32 px @2x (not a 32 px icon Windows and macOS must shrink)', () => {
    // The file the build copies beside main.cjs (scripts/build.ts SHELL_ASSETS); Electron's nativeImage
    // docs give 16x16 (100 %) to 32x32 (200 %) for the small icon the tray shows.
    createTray({ ...deps, iconPath: fileURLToPath(new URL('../resources/tray-icon.png', import.meta.url)) });
    const image = Tray.instances[0]!.image as FakeNativeImage;
    expect(image.isEmpty()).toBe(false);
    expect(image.getSize()).toEqual({ width: 16, height: 16 });
    expect(image.getScaleFactors()).toEqual([1, 2]);
    expect(image.getSize(2)).toEqual({ width: 32, height: 32 });
  });

  it('"Abrir ao entrar no computador" shows the OS setting and changes it, where the OS has one', () => {
    let openAtLogin = false;
    createTray({ ...deps, openAtLogin: { get: () => openAtLogin, set: (open) => (openAtLogin = open) } });
    const item = Tray.instances[0]!.menu!.items.find((i) => i.label === 'Abrir ao entrar no computador')!;
    expect(item).toMatchObject({ type: 'checkbox', checked: false });
    // Electron flips the checkbox before the click handler runs.
    item.click!({ checked: true });
    expect(openAtLogin).toBe(true);
    createTray(deps);
    expect(Tray.instances[1]!.menu!.items.some((i) => i.label === 'Abrir ao entrar no computador')).toBe(false);
  });

  it('Windows: start at sign-in switched off in Task Manager shows unchecked (the Run key alone starts nothing), and checking it turns it back on', () => {
    stub.loginItem = { registered: true, approved: false };
    createTray({ ...deps, openAtLogin: openAtLoginSetting(app, 'win32') });
    const item = Tray.instances[0]!.menu!.items.find((i) => i.label === 'Abrir ao entrar no computador')!;
    expect(item.checked).toBe(false);
    item.click!({ checked: true });
    expect(app.getLoginItemSettings().executableWillLaunchAtLogin).toBe(true);
    // macOS has no such switch: its own setting is read; Linux has no login items in Electron.
    expect(openAtLoginSetting(app, 'darwin')!.get()).toBe(true);
    expect(openAtLoginSetting(app, 'linux')).toBeUndefined();
  });

  it('opens the fixed log folder (creating it when nothing was written yet) and copies the support text', async () => {
    const logsDir = path.join(mkdtempSync(path.join(tmpdir(), 'helena-tray-')), 'logs');
    try {
      createTray({ ...deps, logsDir, supportInfo: () => 'Helena Desk 1.2.3\nServidor: helena.example.com' });
      const items = Tray.instances[0]!.menu!.items;
      items.find((i) => i.label === 'Abrir pasta de registros')!.click!();
      expect(stub.openedPaths).toEqual([logsDir]);
      expect(existsSync(logsDir)).toBe(true);
      items.find((i) => i.label === 'Copiar informações para o suporte')!.click!();
      expect(stub.clipboardText).toBe('Helena Desk 1.2.3\nServidor: helena.example.com');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      rmSync(path.dirname(logsDir), { recursive: true, force: true });
    }
  });
});

describe('failed schedule notifications', () => {
  const failed = (n: number, name: string): CoreEvent => ({
    type: 'schedule-failed', scheduledId: `sch-${n}`, contactId: `c-${n}`, contactName: name, sessionId: `s-${n}`,
    templateName: 'boas_vindas', at: '2026-11-30T12:00:00.000Z', reason: 'Número não possui WhatsApp',
  });

  it('one failure: its own notification, shown with the window in front too; the click opens that conversation', () => {
    vi.useFakeTimers();
    const { win, sent, notifier } = setup();
    win.focus();
    notifier.onEvent(failed(1, 'Rita Marques'));
    vi.advanceTimersByTime(SCHEDULE_FAILURES_GATHER_MS);
    expect(Notification.instances.map((n) => n.options)).toEqual([{ title: 'Agendamento não enviado: Rita Marques', body: 'boas_vindas — Número não possui WhatsApp' }]);
    Notification.instances[0]!.click();
    expect(sent).toEqual([{ type: 'open-conversation', sessionId: 's-1' }]);
    expect(notifier.unread).toBe(0);
  });

  it('a week of failures heard at once (the first start after installing): one summary, not a stack of toasts', () => {
    vi.useFakeTimers();
    const { notifier, reveals } = setup();
    ['Rita Marques', 'João Silva', 'Ana Lima', 'Rita Marques', 'Caio Prado'].forEach((name, i) => notifier.onEvent(failed(i, name)));
    expect(Notification.instances).toHaveLength(0);
    vi.advanceTimersByTime(SCHEDULE_FAILURES_GATHER_MS);
    expect(Notification.instances.map((n) => n.options)).toEqual([
      { title: '5 agendamentos não enviados', body: 'Rita Marques, João Silva, Ana Lima e mais 1. Abra as conversas para agendar de novo.' },
    ]);
    Notification.instances[0]!.click();
    expect(reveals()).toBe(1);
  });
});

describe("the previous agent's notifications", () => {
  const ok = (value: unknown) => ({ ok: true as const, value });
  const snapshotOf = (auth: 'logged_in' | 'logged_out' | 'expired', agentId: string | null) =>
    ok({ auth, agent: agentId ? { id: agentId, userId: `u-${agentId}`, name: 'Atendente' } : null, outbox: {} });

  /** A gate that answers each command with what the test says, as the window's requests pass through it. */
  function gateAnswering(answers: Record<string, unknown>) {
    return {
      handle: vi.fn((command: unknown) => Promise.resolve(answers[String(command)] as { ok: true; value: unknown })),
      on: vi.fn(() => () => {}),
    };
  }

  it('Windows: signing out closes every toast still in the notification center, forgets them, and clears the count; a late click opens nothing', async () => {
    const { win, sent, notifier, reveals } = setup('win32');
    const bridge = watchingTheAgent(gateAnswering({ 'state.snapshot': snapshotOf('logged_in', 'ana'), 'auth.logout': ok({ ok: true }) }), notifier);
    await bridge.handle('state.snapshot', {});
    notifier.onEvent(reply('Oi', 's-1'));
    notifier.onEvent(reply('Alguém aí?', 's-2'));
    // Both moved to the notification center (timed out), still clickable there.
    Notification.instances.forEach((n) => n.dismiss('timedOut'));
    expect(notifier.held).toBe(2);
    expect(win.getTitle()).toBe('Helena Desk (2)');

    const answer = await bridge.handle('auth.logout', {});
    expect(answer).toEqual(ok({ ok: true })); // the window's answer is untouched
    expect(Notification.instances.map((n) => n.closed)).toEqual([true, true]);
    expect(notifier.held).toBe(0);
    expect(notifier.unread).toBe(0);
    expect(win.getTitle()).toBe('Helena Desk');
    // A click that was already on its way: nothing opens for the agent who left.
    Notification.instances[0]!.click();
    expect(reveals()).toBe(0);
    expect(sent).toEqual([]);
  });

  it('another agent signing in after an expired session closes the first one\'s toasts; the same agent coming back keeps them', async () => {
    const { notifier } = setup('win32');
    const answers: Record<string, unknown> = { 'state.snapshot': snapshotOf('logged_in', 'ana'), 'auth.verify': ok({ agent: { id: 'ana' } }) };
    const bridge = watchingTheAgent(gateAnswering(answers), notifier);
    await bridge.handle('state.snapshot', {});
    notifier.onEvent(reply('Oi', 's-1'));
    answers['state.snapshot'] = snapshotOf('expired', 'ana');
    await bridge.handle('state.snapshot', {});
    await bridge.handle('auth.verify', { login: 'ana', code: '123456' });
    expect(notifier.held).toBe(1);
    expect(Notification.instances[0]!.closed).toBe(false);

    answers['auth.verify'] = ok({ agent: { id: 'bruno' } });
    await bridge.handle('auth.verify', { login: 'bruno', code: '654321' });
    expect(Notification.instances[0]!.closed).toBe(true);
    expect(notifier.held).toBe(0);
    // Bruno's own replies notify as usual.
    notifier.onEvent(reply('Bom dia', 's-9'));
    expect(notifier.held).toBe(1);
    expect(Notification.instances[1]!.closed).toBe(false);
  });

  it("the new login's first replies, heard before its answer (the core syncs as it signs in), stay; only the agent before's go", async () => {
    const { win, notifier } = setup('win32');
    const gate = gateAnswering({ 'state.snapshot': snapshotOf('logged_in', 'ana') });
    const bridge = watchingTheAgent(gate, notifier);
    await bridge.handle('state.snapshot', {});
    notifier.onEvent(reply('De ontem', 's-ana'));
    notifier.onEvent({ type: 'auth-expired' });
    gate.handle.mockImplementationOnce(() => {
      // Bruno's missed reply, told by the delta sync his login started, on its way before the login's answer.
      notifier.onEvent(reply('Bom dia', 's-bruno'));
      return Promise.resolve(ok({ agent: { id: 'bruno' } }));
    });
    await bridge.handle('auth.verify', { login: 'bruno', code: '654321' });
    expect(Notification.instances.map((n) => [n.options.body, n.closed])).toEqual([
      ['De ontem', true],
      ['Bom dia', false],
    ]);
    expect(notifier.held).toBe(1);
    expect(win.getTitle()).toBe('Helena Desk (1)');
  });

  it('failures still gathering for the agent who signed out are not shown to the next one; refused commands change nothing', async () => {
    vi.useFakeTimers();
    const { notifier } = setup('linux');
    const bridge = watchingTheAgent(
      gateAnswering({ 'state.snapshot': snapshotOf('logged_in', 'ana'), 'auth.logout': { ok: false, error: { code: 'offline', message: 'x' } } }),
      notifier,
    );
    await bridge.handle('state.snapshot', {});
    notifier.onEvent({ type: 'schedule-failed', scheduledId: 'x', contactId: 'c', contactName: 'Rita', sessionId: 's', templateName: null, at: '2026-11-30T12:00:00.000Z', reason: null });
    notifier.onEvent(reply('Oi'));
    await bridge.handle('auth.logout', {});
    expect(Notification.instances[0]!.closed).toBe(false);
    notifier.agentIs(null);
    vi.advanceTimersByTime(SCHEDULE_FAILURES_GATHER_MS);
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]!.closed).toBe(true);
  });
});

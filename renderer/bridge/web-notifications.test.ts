import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../../src/console/bridge-contract';
import { createWebNotifier } from './web-notifications';

function rig(permission: NotificationPermission) {
  const listeners: Array<() => void> = [];
  const doc = { hidden: true, title: 'Helena Desk', addEventListener: (_: string, l: () => void) => void listeners.push(l) };
  const shown: Array<{ title: string; body: string; onclick: (() => void) | null; close: () => void; closed: boolean }> = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(() => Promise.resolve('granted' as NotificationPermission));
    onclick: (() => void) | null = null;
    onclose: (() => void) | null = null;
    closed = false;
    close = vi.fn(() => {
      this.closed = true;
      this.onclose?.();
    });
    constructor(title: string, options: { body: string }) {
      shown.push(Object.assign(this, { title, body: options.body }));
    }
  }
  const focusWindow = vi.fn();
  const openConversation = vi.fn();
  const notifier = createWebNotifier({
    document: doc as unknown as Document,
    Notification: FakeNotification as unknown as typeof Notification,
    focusWindow,
    openConversation,
  });
  const becomeVisible = () => {
    doc.hidden = false;
    for (const l of listeners) l();
  };
  return { doc, shown, notifier, focusWindow, openConversation, becomeVisible, FakeNotification };
}

const reply = (text: string, sessionId = 's1'): BridgeEvent => ({ type: 'contact-replied', sessionId, contactId: 'c1', contactName: 'João da Silva', text });

describe('web notifications', () => {
  it("sign-out, or another agent signing in, closes the previous agent's notifications and clears the count", () => {
    const r = rig('granted');
    r.notifier.agentIs('agent-ana');
    r.notifier.onEvent(reply('Oi! Tudo bem?'));
    r.notifier.onEvent(reply('Meu CPF é 123…', 's2'));
    expect(r.doc.title).toBe('(2) Helena Desk');
    // The same agent heard again (every snapshot): nothing closes.
    r.notifier.agentIs('agent-ana');
    expect(r.shown.map((n) => n.closed)).toEqual([false, false]);
    r.notifier.agentIs(null);
    expect(r.shown.map((n) => n.closed)).toEqual([true, true]);
    expect(r.doc.title).toBe('Helena Desk');
    // The next agent's replies are theirs; a switch straight to another agent closes them too.
    r.notifier.agentIs('agent-bruno');
    r.notifier.onEvent(reply('Bruno, oi'));
    r.notifier.agentIs('agent-carla');
    expect(r.shown.map((n) => n.closed)).toEqual([true, true, true]);
  });

  it('a notification the agent already clicked is not closed twice', () => {
    const r = rig('granted');
    r.notifier.agentIs('agent-ana');
    r.notifier.onEvent(reply('oi'));
    r.shown[0]?.onclick?.();
    r.notifier.agentIs(null);
    expect(r.shown[0]?.close).toHaveBeenCalledTimes(1);
  });

  it('notifies a reply while the tab is hidden, counts it in the title, and the click opens the conversation', () => {
    const r = rig('granted');
    r.notifier.onEvent(reply('Oi! Tudo bem?'));
    expect(r.shown).toMatchObject([{ title: 'João da Silva', body: 'Oi! Tudo bem?' }]);
    expect(r.doc.title).toBe('(1) Helena Desk');
    r.shown[0]?.onclick?.();
    expect(r.focusWindow).toHaveBeenCalled();
    expect(r.openConversation).toHaveBeenCalledWith('s1');
    r.becomeVisible();
    expect(r.doc.title).toBe('Helena Desk');
  });

  it('stays quiet while the agent is looking at the tab, and without permission only counts', () => {
    const visible = rig('granted');
    visible.becomeVisible();
    visible.notifier.onEvent(reply('oi'));
    expect(visible.shown).toEqual([]);
    const denied = rig('denied');
    denied.notifier.onEvent(reply('oi'));
    expect(denied.shown).toEqual([]);
    expect(denied.doc.title).toBe('(1) Helena Desk');
  });

  it('cuts long texts without breaking an emoji, and asks permission only once it is undecided', () => {
    const r = rig('granted');
    r.notifier.onEvent(reply('😀'.repeat(200)));
    expect([...(r.shown[0]?.body ?? '')]).toHaveLength(120);
    r.notifier.askPermission();
    expect(r.FakeNotification.requestPermission).not.toHaveBeenCalled();
    const undecided = rig('default');
    undecided.notifier.askPermission();
    expect(undecided.FakeNotification.requestPermission).toHaveBeenCalledOnce();
  });
});

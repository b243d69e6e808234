import { describe, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../../src/console/bridge-contract';
import { createWebNotifier } from './web-notifications';

function rig(permission: NotificationPermission) {
  const listeners: Array<() => void> = [];
  const doc = { hidden: true, title: 'Helena Desk', addEventListener: (_: string, l: () => void) => void listeners.push(l) };
  const shown: Array<{ title: string; body: string; onclick: (() => void) | null; close: () => void }> = [];
  class FakeNotification {
    static permission = permission;
    static requestPermission = vi.fn(() => Promise.resolve('granted' as NotificationPermission));
    onclick: (() => void) | null = null;
    close = vi.fn();
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

const reply = (text: string): BridgeEvent => ({ type: 'contact-replied', sessionId: 's1', contactId: 'c1', contactName: 'João da Silva', text });

describe('web notifications', () => {
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

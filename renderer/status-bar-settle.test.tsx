// @vitest-environment happy-dom
/**
 * A socket dropped every 0.5–2 s while HelenaCRM answers (a proxy, `--drop-sockets`): the badge
 * flipped between "Conectando…", "Online" and "Online — respostas em até 30 s" that often, and the
 * bar is aria-live. A step down from online shows only once it has lasted 2 s, "Online" only once
 * the socket has held 2 s; "Sem conexão" at once.
 */
import { act } from 'react';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { BridgeEvent } from '../src/console/bridge-contract';
import { mountPerTest } from './testing/mount-per-test';
import { SNAPSHOT, attachStatusCore } from './testing/status-bar';
import { SETTLE_MS } from './screens/connectivity-badge';
import { StatusBar } from './screens/StatusBar';

const view = mountPerTest();
let emit: (event: BridgeEvent) => void = () => undefined;
const badge = () => view.host.querySelector('[data-testid="connectivity"]')?.textContent ?? null;
const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));

beforeEach(async () => {
  ({ emit } = await attachStatusCore(SNAPSHOT, 'https://api.helena.app'));
  vi.useFakeTimers();
  act(() => view.root.render(<StatusBar />));
  expect(badge()).toBe('Online');
});
afterEach(() => {
  vi.useRealTimers();
});

/** The core's sequence with a socket dropped as soon as it connects: lost, REST answers, redial, connected for a moment. */
function dropsFor(seconds: number, said: string[]) {
  const note = () => {
    const words = badge();
    if (words !== null && said[said.length - 1] !== words) said.push(words);
  };
  for (let drop = 0; drop < seconds; drop++) {
    emit({ type: 'connectivity', state: 'connecting', realtime: 'offline' });
    note();
    wait(300);
    emit({ type: 'connectivity', state: 'online', realtime: 'offline' });
    note();
    wait(400);
    emit({ type: 'connectivity', state: 'online', realtime: 'connecting' });
    note();
    wait(200);
    emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
    note();
    wait(100);
    note();
  }
}

it('a socket dropped every second: "Online" settles on "Online — respostas em até 30 s" and stays, then "Online" when it holds', () => {
  // Unsettled, the badge changed three times a second here.
  const first = ['Online'];
  dropsFor(3, first);
  // The first drop, once it has lasted 2 s, reads "Conectando…" until REST answers again.
  expect(first).toEqual(['Online', 'Conectando…', 'Online — respostas em até 30 s']);
  const then: string[] = [];
  dropsFor(7, then);
  expect(then).toEqual(['Online — respostas em até 30 s']);
  // The socket holds again: "Online" once it has held 2 s.
  emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  wait(SETTLE_MS - 200);
  expect(badge()).toBe('Online — respostas em até 30 s');
  wait(200);
  expect(badge()).toBe('Online');
});

it('a single drop that reconnects for good within 2 s changes nothing', () => {
  emit({ type: 'connectivity', state: 'connecting', realtime: 'offline' });
  wait(600);
  expect(badge()).toBe('Online');
  emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  for (let t = 0; t < 10; t++) {
    wait(500);
    expect(badge()).toBe('Online');
  }
});

it('says "Conectando…" once it has lasted 2 s; up again, at once', () => {
  emit({ type: 'connectivity', state: 'connecting', realtime: 'offline' });
  wait(SETTLE_MS - 100);
  expect(badge()).toBe('Online');
  wait(100);
  expect(badge()).toBe('Conectando…');
  emit({ type: 'connectivity', state: 'online', realtime: 'offline' });
  expect(badge()).toBe('Online — respostas em até 30 s');
});

it('says "Sem conexão" at once, also in the middle of a held step down, and "Online" at once when it comes back', () => {
  emit({ type: 'connectivity', state: 'offline', realtime: 'offline' });
  expect(badge()).toBe('Sem conexão — mensagens ficam na fila');
  emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  expect(badge()).toBe('Online');
  emit({ type: 'connectivity', state: 'connecting', realtime: 'offline' });
  wait(500);
  emit({ type: 'connectivity', state: 'offline', realtime: 'offline' });
  expect(badge()).toBe('Sem conexão — mensagens ficam na fila');
});

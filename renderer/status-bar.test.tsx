// @vitest-environment happy-dom
/** The status bar tells the agent what they need to act on, as the core's events say: a disk running full, a network that needs IT. */
import { act } from 'react';
import { expect, it, vi } from 'vitest';
import { mountPerTest } from './testing/mount-per-test';
import { SNAPSHOT, statusBarOnScreen as onScreen } from './testing/status-bar';

const view = mountPerTest();

/** The status bar of a window attached to a stand-in core, and a way to play the core's events to it. */
async function statusBarOnScreen() {
  const { emit } = await onScreen(view, SNAPSHOT);
  return { host: view.host, emit };
}

it('says why HelenaCRM is out of reach when the agent should call IT, and nothing more for a plain outage', async () => {
  const { host, emit } = await statusBarOnScreen();
  const reason = () => host.querySelector('[data-testid="offline-reason"]')?.textContent ?? null;

  emit({ type: 'connectivity', state: 'offline', realtime: 'offline', detail: 'network.proxy_auth' });
  expect(host.querySelector('[data-testid="connectivity"]')?.textContent).toBe('Sem conexão — mensagens ficam na fila');
  expect(reason()).toBe('O proxy da rede pede usuário e senha: avise a TI');
  emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  expect(reason()).toBeNull();
  emit({ type: 'connectivity', state: 'offline', realtime: 'offline', detail: 'network.refused' });
  expect(reason()).toBeNull();
  emit({ type: 'connectivity', state: 'offline', realtime: 'offline', detail: 'network.certificate' });
  expect(reason()).toBe('O certificado do HelenaCRM não é confiável neste computador: avise a TI');
});

it('shows "pouco espaço" with the room left, then "disco cheio", and nothing once there is room again', async () => {
  const { host, emit } = await statusBarOnScreen();
  const badge = () => host.querySelector('[data-testid="disk-space"]')?.textContent ?? null;
  expect(badge()).toBeNull();

  emit({ type: 'disk-space', state: 'low', freeBytes: 150 * 1024 * 1024 });
  expect(badge()).toBe('Pouco espaço no disco: 150 MB livres. Libere espaço para continuar salvando mensagens.');
  emit({ type: 'disk-space', state: 'full', freeBytes: 1024 });
  expect(badge()).toBe('Disco cheio: o Helena Desk não consegue salvar mensagens nem rascunhos. Libere espaço no disco.');
  emit({ type: 'disk-space', state: 'ok', freeBytes: 9_000_000_000 });
  expect(badge()).toBeNull();
});

it('says "Online" with how often new messages come while HelenaCRM answers but the live connection does not, and plain "Online" once it does', async () => {
  const { host, emit } = await statusBarOnScreen();
  const badge = () => host.querySelector('[data-testid="connectivity"]');

  // From offline: a step down from "Online" shows only once it has lasted 2 s (status-bar-settle.test.tsx).
  emit({ type: 'connectivity', state: 'offline', realtime: 'offline' });
  emit({ type: 'connectivity', state: 'connecting', realtime: 'connecting' });
  expect(badge()?.textContent).toBe('Conectando…');
  // A proxy refuses the socket; REST answers: the outbox sends, replies come every 30 s.
  emit({ type: 'connectivity', state: 'online', realtime: 'offline', detail: 'xhr poll error' });
  expect(badge()?.textContent).toBe('Online — respostas em até 30 s');
  expect(badge()?.getAttribute('title')).toContain('Suas mensagens saem na hora');
  // socket.io's next try: the same words, no flicker to "Conectando…".
  emit({ type: 'connectivity', state: 'online', realtime: 'connecting' });
  expect(badge()?.textContent).toBe('Online — respostas em até 30 s');
  // "Online" once the live connection has held 2 s (status-bar-settle.test.tsx).
  vi.useFakeTimers();
  emit({ type: 'connectivity', state: 'online', realtime: 'connected' });
  act(() => vi.advanceTimersByTime(2000));
  vi.useRealTimers();
  expect(badge()?.textContent).toBe('Online');
  expect(badge()?.hasAttribute('title')).toBe(false);
});

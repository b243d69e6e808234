// @vitest-environment happy-dom
/** The status bar's sync progress goes when the pass is cut short, and says so while a retry is coming. */
import { expect, it } from 'vitest';
import { mountPerTest } from './testing/mount-per-test';
import { SNAPSHOT, statusBarOnScreen as onScreen } from './testing/status-bar';

const view = mountPerTest();

/** A first sync not finished yet. */
const NEVER_SYNCED = { ...SNAPSHOT, sync: { ...SNAPSHOT.sync, state: 'never' } };

async function statusBarOnScreen() {
  const { emit } = await onScreen(view, NEVER_SYNCED);
  const bar = () => ({
    progress: view.host.querySelector('progress') !== null,
    text: view.host.querySelector('.sync')?.textContent ?? null,
  });
  return { emit, bar };
}

it('takes a failed pass’s progress off the bar, says a retry is coming, and shows the retry’s own progress', async () => {
  const { emit, bar } = await statusBarOnScreen();
  emit({ type: 'sync-progress', resource: 'contacts', done: 400, total: 1000, phase: 'first' });
  expect(bar()).toEqual({ progress: true, text: 'Sincronizando contatos: 400 de 1.000' });

  // The network dropped (or HelenaCRM failed) midway; another pass is scheduled.
  emit({ type: 'sync-stopped', retrying: true });
  expect(bar()).toEqual({ progress: false, text: 'Sincronização interrompida — tentando de novo' });

  emit({ type: 'sync-progress', resource: 'contacts', done: 500, total: 1000, phase: 'first' });
  expect(bar()).toEqual({ progress: true, text: 'Sincronizando contatos: 500 de 1.000' });
  emit({ type: 'sync-finished', phase: 'first', at: '2026-12-01T03:00:00.000Z' });
  expect(bar()).toEqual({ progress: false, text: null });
});

it('leaves nothing when no other pass is coming (signed out, session expired)', async () => {
  const { emit, bar } = await statusBarOnScreen();
  emit({ type: 'sync-progress', resource: 'sessions', done: 40, total: null, phase: 'delta' });
  expect(bar().progress).toBe(true);
  emit({ type: 'sync-stopped', retrying: false });
  expect(bar()).toEqual({ progress: false, text: null });

  emit({ type: 'sync-progress', resource: 'sessions', done: 60, total: null, phase: 'delta' });
  emit({ type: 'auth-expired' });
  expect(bar()).toEqual({ progress: false, text: null });
});

// @vitest-environment happy-dom
/**
 * The first start after an upgrade migrates the cache (seconds, up to a minute on a loaded machine
 * with a million contacts) before the core answers anything: the starting screen says why, and
 * goes as it does today once the core answers.
 */
import { act } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StateSnapshot } from '../src/console/results';
import { App } from './App';
import { setLanguage } from './i18n';
import { useAppStore } from './state/app-store';
import { fakeBridge } from './testing/fake-bridge';
import { mountPerTest } from './testing/mount-per-test';

const view = mountPerTest();

const LOGGED_OUT = {
  auth: 'logged_out',
  agent: null,
  connectivity: { state: 'offline', realtime: 'offline' },
  sync: { state: 'never', lastFinishedAt: null, progress: null },
  outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
  outboxOtherAgents: 0,
  outboxHeldHere: 0,
  conversations: { total: 0, unread: 0, waitingContact: 0 },
  disk: { state: 'ok', freeBytes: 50_000_000_000 },
} as unknown as StateSnapshot;

const SERVER = { server: { url: 'https://crm.example', host: 'crm.example', source: 'saved' }, changeable: true };

/**
 * A host whose core is still opening: state.snapshot answers only when the test says. With
 * `upgradesOnSave`, saving a server opens an older cache, which says so before the save answers.
 */
function openingCore(options: { configured: boolean; upgradesOnSave?: boolean } = { configured: true }) {
  let answer: (snapshot: StateSnapshot) => void = () => undefined;
  const snapshot = new Promise<StateSnapshot>((resolve) => (answer = resolve));
  const fake = fakeBridge(
    vi.fn(async (command: string) => {
      if (command === 'server.state') return { ok: true, value: options.configured ? SERVER : { server: null, changeable: true } };
      if (command === 'server.save') {
        if (options.upgradesOnSave) fake.emit({ type: 'store-upgrading' });
        return { ok: true, value: SERVER };
      }
      if (command === 'state.snapshot') return { ok: true, value: await snapshot };
      return { ok: false, error: { code: 'unknown_command', message: 'não' } };
    }),
  );
  return { ...fake, answer };
}

const status = () => view.host.querySelector('main [role="status"]');
const settle = () => act(async () => new Promise((resolve) => setTimeout(resolve, 10)));

beforeEach(() => {
  useAppStore.setState({ phase: 'starting', server: null, snapshot: null, storeUpgrading: false, changingServer: false });
});

describe('the starting screen while the cache is upgraded', () => {
  it('says what is happening, that it happens once and that nothing is lost, with a busy bar; then the screen moves on as today', async () => {
    const core = openingCore();
    await act(async () => {
      void useAppStore.getState().attach(core.bridge);
    });
    await act(async () => view.root.render(<App problem={null} />));
    // Before the core says anything: as today, inside a live region already in place.
    expect(status()?.textContent).toBe('Abrindo o Helena Desk…');
    expect(view.host.querySelector('main')?.getAttribute('aria-busy')).toBe('true');
    expect(view.host.querySelector('progress')).toBeNull();

    act(() => core.emit({ type: 'store-upgrading' }));
    expect(status()?.textContent).toBe(
      'Atualizando os dados deste computador para a nova versão do Helena Desk…' +
        'Isso acontece só uma vez e pode levar até um minuto quando há muitos contatos. Não é preciso fazer nada: suas mensagens na fila e seus rascunhos estão guardados.',
    );
    const bar = view.host.querySelector('progress');
    expect(bar).not.toBeNull();
    // Indeterminate, named by the line above it.
    expect(bar?.hasAttribute('value')).toBe(false);
    expect(bar?.getAttribute('aria-labelledby')).toBe('starting-text');
    expect(view.host.querySelector('#starting-text')?.textContent).toBe('Atualizando os dados deste computador para a nova versão do Helena Desk…');

    act(() => setLanguage('en'));
    expect(status()?.textContent).toContain('Updating the data on this computer for the new version of Helena Desk…');
    expect(status()?.textContent).toContain('your queued messages and drafts are safe');
    act(() => setLanguage('pt-BR'));

    // The core opened: its snapshot answers, and the note goes with the starting screen.
    core.answer(LOGGED_OUT);
    await settle();
    expect(useAppStore.getState().phase).toBe('logged_out');
    expect(useAppStore.getState().storeUpgrading).toBe(false);
    expect(view.host.textContent).not.toContain('Atualizando os dados');
    expect(view.host.querySelector('progress')).toBeNull();
  });

  it('heard while the setup screen saves a server whose cache is older, the note shows once the screen turns to starting', async () => {
    const core = openingCore({ configured: false, upgradesOnSave: true });
    await act(async () => {
      await useAppStore.getState().attach(core.bridge);
    });
    await act(async () => view.root.render(<App problem={null} />));
    expect(useAppStore.getState().phase).toBe('setup');
    await act(async () => {
      void useAppStore.getState().saveServer('crm.example');
    });
    expect(useAppStore.getState().phase).toBe('starting');
    expect(status()?.textContent).toContain('Atualizando os dados deste computador');
    core.answer(LOGGED_OUT);
    await settle();
    expect(view.host.textContent).not.toContain('Atualizando os dados');
  });
});

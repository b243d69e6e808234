// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { MessageView } from '../src/console/results';
import { initI18n } from './i18n';
import { ReceivedFile } from './screens/ReceivedFile';
import { useAppStore } from './state/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Stands in for the browser's observer: the test says when the element comes near the screen. */
class FakeObserver {
  static last: FakeObserver | null = null;
  constructor(readonly callback: (entries: Array<{ isIntersecting: boolean }>) => void) {
    FakeObserver.last = this;
  }
  observe(): void {}
  disconnect(): void {}
  comeIntoView(): void {
    this.callback([{ isIntersecting: true }]);
  }
}

/** Every root a test mounts, unmounted after it: a root left mounted re-renders (outside act) when the next test sets the bridge. */
const roots: Root[] = [];
function rootIn(host: HTMLElement): Root {
  const root = createRoot(host);
  roots.push(root);
  return root;
}

afterEach(() => {
  act(() => roots.splice(0).forEach((root) => root.unmount()));
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

function photo(localId: string): MessageView & { file: NonNullable<MessageView['file']> } {
  return {
    localId, id: 'm1', kind: 'message', authorName: null, direction: 'TO_HUB', status: 'RECEIVED' as MessageView['status'], outboxState: null,
    text: 'Segue o comprovante', templateId: null, parameters: null, media: null,
    file: { kind: 'image', name: 'comprovante.jpg', size: 15_000, mimeType: 'image/jpeg' },
    failedReason: null, failedReasonEn: null, createdAt: '2026-11-30T11:00:00.000Z', editable: false, textEditable: false,
    templateEditable: false, retryable: false, retryingAfter: null,
  } as MessageView & { file: NonNullable<MessageView['file']> };
}

describe('ReceivedFile', () => {
  it('fetches a photo only when it comes near the screen, not when the conversation opens', async () => {
    initI18n();
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:photo', revokeObjectURL: () => undefined }));
    const invoke = vi.fn(() => Promise.resolve({ ok: true, value: { name: 'comprovante.jpg', mimeType: 'image/jpeg', size: 3, data: 'AAEC', preview: true, cached: false, notice: null } }));
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    const host = document.createElement('div');
    document.body.append(host);
    act(() => rootIn(host).render(<ReceivedFile message={photo('0f8fad5b-d9cb-469f-a165-70867728950e')} />));
    expect(invoke).not.toHaveBeenCalled();

    await act(async () => FakeObserver.last?.comeIntoView());
    expect(invoke).toHaveBeenCalledWith('file.fetch', { localId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(host.querySelector('img')?.getAttribute('src')).toBe('blob:photo');
  });
});

function voiceNote(localId: string, file: Partial<NonNullable<MessageView['file']>> = {}): MessageView & { file: NonNullable<MessageView['file']> } {
  const message = photo(localId);
  return { ...message, text: null, file: { kind: 'audio', name: 'PTT-20261130-WA0001.opus', size: 9_000, mimeType: 'audio/ogg; codecs=opus', ...file } };
}

/** happy-dom's media elements do not play: these stand in, firing the events Chromium fires. */
function fakePlayback(): { played: string[] } {
  const played: string[] = [];
  vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
    played.push(this.getAttribute('src') ?? '');
    Object.defineProperty(this, 'paused', { configurable: true, value: false });
    this.dispatchEvent(new Event('play'));
    return Promise.resolve();
  });
  vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(function (this: HTMLMediaElement) {
    Object.defineProperty(this, 'paused', { configurable: true, value: true });
    this.dispatchEvent(new Event('pause'));
  });
  return { played };
}

function fetched(value: Record<string, unknown>) {
  return vi.fn((command: string) =>
    Promise.resolve(command === 'file.fetch' ? { ok: true, value: { name: 'PTT-20261130-WA0001.opus', mimeType: 'audio/ogg', size: 3, data: 'AAEC', preview: false, playable: 'audio', cached: false, notice: null, ...value } } : { ok: false }),
  );
}

describe('ReceivedFile: a voice note', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads nothing on open, even forty of them; ▶ fetches that one, plays it from a blob: URL, and pauses', async () => {
    initI18n();
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:voice-note', revokeObjectURL: () => undefined }));
    const { played } = fakePlayback();
    const invoke = fetched({});
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    const host = document.createElement('div');
    document.body.append(host);
    const ids = Array.from({ length: 40 }, (_, i) => `1f8fad5b-d9cb-469f-a165-7086772895${String(i).padStart(2, '0')}`);
    act(() =>
      rootIn(host).render(
        <>
          {ids.map((id) => (
            <ReceivedFile key={id} message={voiceNote(id)} />
          ))}
        </>,
      ),
    );
    await act(async () => FakeObserver.last?.comeIntoView());
    expect(invoke).not.toHaveBeenCalled();
    const toggles = host.querySelectorAll<HTMLButtonElement>('[data-testid="audio-toggle"]');
    expect(toggles).toHaveLength(40);
    const toggle = toggles[7];
    expect(toggle?.getAttribute('aria-label')).toBe('Ouvir áudio PTT-20261130-WA0001.opus');
    expect(toggle?.textContent).toContain('Ouvir');
    // "Baixar" stays beside it.
    expect(toggle?.closest('[data-testid="received-file"]')?.querySelector('[data-testid="received-download"]')?.textContent).toBe('Baixar');

    await act(async () => toggle?.click());
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke).toHaveBeenCalledWith('file.fetch', { localId: ids[7] });
    const element = toggle?.closest('[data-testid="audio-player"]')?.querySelector('audio');
    expect(element?.getAttribute('src')).toBe('blob:voice-note');
    expect(played).toEqual(['blob:voice-note']);
    expect(toggle?.getAttribute('aria-label')).toBe('Pausar áudio PTT-20261130-WA0001.opus');

    await act(async () => toggle?.click());
    expect(element?.paused).toBe(true);
    expect(toggle?.getAttribute('aria-label')).toBe('Ouvir áudio PTT-20261130-WA0001.opus');
    // Again: the bytes already here, no second trip.
    await act(async () => toggle?.click());
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(played).toHaveLength(2);
  });

  it('seeks 5 s with ← and → once loaded, and plays one áudio at a time', async () => {
    initI18n();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:voice-note', revokeObjectURL: () => undefined }));
    fakePlayback();
    useAppStore.setState({ bridge: { invoke: fetched({}), onEvent: () => () => undefined } as unknown as HelenaBridge });
    const host = document.createElement('div');
    document.body.append(host);
    act(() =>
      rootIn(host).render(
        <>
          <ReceivedFile message={voiceNote('2f8fad5b-d9cb-469f-a165-708677289501')} />
          <ReceivedFile message={voiceNote('2f8fad5b-d9cb-469f-a165-708677289502')} />
        </>,
      ),
    );
    const [first, second] = [...host.querySelectorAll<HTMLButtonElement>('[data-testid="audio-toggle"]')];
    const [a, b] = [...host.querySelectorAll('audio')];
    await act(async () => first?.click());
    Object.defineProperty(a, 'duration', { configurable: true, value: 12 });
    act(() => first?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(a?.currentTime).toBe(5);
    act(() => first?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    expect(a?.currentTime).toBe(0);

    await act(async () => second?.click());
    expect(b?.paused).toBe(false);
    expect(a?.paused).toBe(true);
    expect(first?.getAttribute('aria-label')).toBe('Ouvir áudio PTT-20261130-WA0001.opus');
  });

  it('offers only "Baixar" for AMR, and says why', () => {
    initI18n();
    useAppStore.setState({ bridge: { invoke: fetched({}), onEvent: () => () => undefined } as unknown as HelenaBridge });
    const host = document.createElement('div');
    document.body.append(host);
    act(() => rootIn(host).render(<ReceivedFile message={voiceNote('3f8fad5b-d9cb-469f-a165-708677289501', { name: 'audio.amr', mimeType: 'audio/amr' })} />));
    expect(host.querySelector('[data-testid="audio-toggle"]')).toBeNull();
    expect(host.querySelector('[data-testid="audio-unplayable"]')?.textContent).toBe('Áudio AMR: o Helena Desk não toca este formato. Baixe para ouvir.');
    expect(host.querySelector('[data-testid="received-download"]')?.textContent).toBe('Baixar');
  });

  it('says so, and hands the keyboard to "Baixar", when the bytes are not audio it plays', async () => {
    initI18n();
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:odd', revokeObjectURL: () => undefined }));
    vi.stubGlobal('requestAnimationFrame', (run: () => void) => setTimeout(run, 0));
    const { played } = fakePlayback();
    useAppStore.setState({ bridge: { invoke: fetched({ playable: null, mimeType: 'audio/ogg' }), onEvent: () => () => undefined } as unknown as HelenaBridge });
    const host = document.createElement('div');
    document.body.append(host);
    act(() => rootIn(host).render(<ReceivedFile message={voiceNote('4f8fad5b-d9cb-469f-a165-708677289501')} />));
    const toggle = host.querySelector<HTMLButtonElement>('[data-testid="audio-toggle"]');
    toggle?.focus();
    await act(async () => toggle?.click());
    await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(played).toEqual([]);
    expect(host.querySelector('[data-testid="audio-toggle"]')).toBeNull();
    expect(host.querySelector('[data-testid="audio-unplayable"]')?.textContent).toBe('Não foi possível tocar este áudio aqui. Baixe para ouvir.');
    expect(document.activeElement).toBe(host.querySelector('[data-testid="received-download"]'));
  });
});

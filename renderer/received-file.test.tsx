// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot } from 'react-dom/client';
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

afterEach(() => {
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
    act(() => createRoot(host).render(<ReceivedFile message={photo('0f8fad5b-d9cb-469f-a165-70867728950e')} />));
    expect(invoke).not.toHaveBeenCalled();

    await act(async () => FakeObserver.last?.comeIntoView());
    expect(invoke).toHaveBeenCalledWith('file.fetch', { localId: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(host.querySelector('img')?.getAttribute('src')).toBe('blob:photo');
  });
});

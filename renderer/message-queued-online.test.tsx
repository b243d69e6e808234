// @vitest-environment happy-dom
/**
 * A text queued while the connection is up (behind a file still uploading, behind a start) read
 * "Na fila (sem conexão)" beside "Online" in the status bar: the agent went looking for a network
 * problem they did not have. Online it reads "Na fila"; offline (or connecting) still "(sem conexão)".
 * 'unstable' (HelenaCRM reached, some requests timing out or failing: "HelenaCRM instável — tentando
 * de novo") is no lost connection either, and the outbox goes on sending then.
 */
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import type { MessageView, StateSnapshot } from '../src/console/results';
import { setLanguage } from './i18n';
import { mountPerTest } from './testing/mount-per-test';
import { MessageList } from './screens/MessageList';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

function queued(): MessageView {
  const at = new Date().toISOString();
  return {
    localId: 'local-1', id: null, kind: 'message', authorName: null, direction: 'FROM_HUB', status: 'LOCAL', outboxState: 'queued',
    text: 'Qualquer dúvida me chame', templateId: null, parameters: null, media: null, file: null, failedReason: null, failedReasonEn: null,
    createdAt: at, shownAt: at, editable: true, textEditable: true, editBlockedBy: null, templateEditable: false, retryable: false, cancellable: true,
    pendingEditText: null, abandonedEditText: null, abandonedEditReason: null, retryingAfter: null, retryingAfterEn: null,
  };
}

const MESSAGES = [queued()];

async function stateWith(connectivity: 'online' | 'unstable' | 'offline' | 'connecting'): Promise<string | null | undefined> {
  const realtime = connectivity === 'online' || connectivity === 'unstable' ? 'connected' : connectivity === 'connecting' ? 'connecting' : 'offline';
  await act(async () => {
    useAppStore.setState({ snapshot: { connectivity: { state: connectivity, realtime } } as unknown as StateSnapshot });
    view.root.render(<MessageList messages={MESSAGES} />);
  });
  return view.host.querySelector('[data-testid="message-state"]')?.textContent;
}

describe('a queued message’s state line', () => {
  it('says "sem conexão" only when there is none', async () => {
    expect(await stateWith('online')).toBe('Na fila');
    expect(await stateWith('unstable')).toBe('Na fila');
    expect(await stateWith('offline')).toBe('Na fila (sem conexão)');
    expect(await stateWith('connecting')).toBe('Na fila (sem conexão)');
    await act(async () => setLanguage('en'));
    expect(await stateWith('online')).toBe('Queued');
    expect(await stateWith('offline')).toBe('Queued (offline)');
    useAppStore.setState({ snapshot: null });
  });
});

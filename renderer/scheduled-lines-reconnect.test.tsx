// @vitest-environment happy-dom
/**
 * Opened offline, the conversation's scheduled lines say "Sem conexão com o HelenaCRM: não dá para
 * saber agora o que está agendado…". When the connection comes back they ask HelenaCRM again, so
 * the sentence does not stay above an online conversation (before, it stayed until a message came).
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ScheduledList, StateSnapshot } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ScheduledLines } from './screens/ScheduledLines';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

function withConnectivity(state: 'online' | 'unstable' | 'offline'): void {
  const realtime = state === 'offline' ? 'offline' : 'connected';
  useAppStore.setState({ snapshot: { connectivity: { state, realtime } } as unknown as StateSnapshot });
}

describe('the scheduled lines when the connection comes back', () => {
  it.each(['online', 'unstable'] as const)('are read again when it comes back %s: the offline sentence goes', async (back) => {
    let answer: ScheduledList = { contactId: 'c1', items: [], source: 'none', unheard: 'offline' };
    const invoke = vi.fn((command: string) =>
      Promise.resolve(command === 'schedule.list' ? { ok: true, value: answer } : { ok: false, error: { code: 'unknown_command', message: 'não' } }),
    );
    useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
    withConnectivity('offline');
    await act(async () => {
      view.root.render(<ScheduledLines sessionId="s1" refreshKey={0} messageCount={3} />);
    });
    expect(view.host.textContent).toContain('Sem conexão com o HelenaCRM');

    answer = { contactId: 'c1', items: [], source: 'helena', unheard: null };
    await act(async () => withConnectivity(back));
    expect(view.host.textContent).toBe('');
    useAppStore.setState({ snapshot: null });
  });
});

// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ScheduledItem, ScheduledList } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ScheduledLines } from './screens/ScheduledLines';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

/** The conversation's scheduled lines, with the core answering schedule.list with `list`. */
async function shown(list: ScheduledList): Promise<void> {
  const invoke = vi.fn((command: string) =>
    Promise.resolve(command === 'schedule.list' ? { ok: true, value: list } : { ok: false, error: { code: 'unknown_command', message: 'não' } }),
  );
  useAppStore.setState({ bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge });
  await act(async () => {
    view.root.render(<ScheduledLines sessionId="s1" refreshKey={0} messageCount={3} />);
  });
}

const scheduled: ScheduledItem = {
  id: 'sch1',
  templateId: 't1',
  templateName: 'boas_vindas',
  at: new Date(Date.now() + 86_400_000).toISOString(),
  status: 'SCHEDULED',
  failureReason: null,
  sessionId: null,
  createdAt: new Date().toISOString(),
  parameters: {},
  media: null,
};

describe('the scheduled lines offline', () => {
  it('say nothing when HelenaCRM last answered that nothing is scheduled: no note about a list the agent cannot see', async () => {
    await shown({ contactId: 'c1', items: [], source: 'memory', unheard: 'offline' });
    expect(view.host.textContent).toBe('');
  });

  it('keep the note above a list last heard, which may be out of date', async () => {
    await shown({ contactId: 'c1', items: [scheduled], source: 'memory', unheard: 'offline' });
    expect(view.host.textContent).toContain('Sem conexão com o HelenaCRM: esta lista é a última recebida e pode estar desatualizada.');
    expect(view.host.querySelectorAll('[data-testid="scheduled-line"]')).toHaveLength(1);
  });

  it('say that nothing can be known yet when HelenaCRM was never heard', async () => {
    await shown({ contactId: 'c1', items: [], source: 'none', unheard: 'offline' });
    expect(view.host.textContent).toBe('Sem conexão com o HelenaCRM: não dá para saber agora o que está agendado para este contato.');
  });
});

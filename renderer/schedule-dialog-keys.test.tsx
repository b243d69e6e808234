// @vitest-environment happy-dom
/**
 * "Agendar modelo" (Alt+G) says one keys line per step, as "Enviar modelo" does: the template
 * list's "↑↓ escolhem · Enter confirma", then on the parameters only theirs ("Tab passa ao próximo
 * parâmetro · Enter escolhe o momento · Esc volta"), never both, which contradict each other.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary, CostSummary, StartTemplate } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { ScheduleDialog } from './screens/ScheduleDialog';
import { useAppStore } from './state/app-store';

const view = mountPerTest();

const template: StartTemplate = { id: 't1', name: 'boas_vindas', text: 'Olá {{nome}}', footerText: null, params: ['nome'], categoryName: 'UTILITY', media: null };
const cost: CostSummary = { charged: false, category: 'SERVICE', amount: null, currency: null, country: 'BR', formatted: null, explanation: 'Sem custo.', explanationEn: 'No cost.' };

const conversation = {
  id: 's1',
  contactId: 'c1',
  contactName: 'Cláudia Assunção',
  channelId: 'ch1',
  departmentId: 'team1',
  userId: 'u1',
  status: 'IN_PROGRESS',
  unreadCount: 0,
  lastMessageText: null,
  updatedAt: '2026-12-01T05:00:00.000Z',
  canWrite: true,
  pendingStart: null,
  draft: null,
  noteDraft: null,
} as unknown as ConversationSummary;

function bridge(): HelenaBridge {
  const answers: Record<string, unknown> = { 'templates.forStart': [template], 'cost.estimate': cost };
  const invoke = vi.fn((command: string) => Promise.resolve(command in answers ? { ok: true, value: answers[command] } : { ok: false, error: { code: 'unknown_command', message: 'não' } }));
  return { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge;
}

async function settle(ms = 200): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

const keyLines = () => [...view.host.ownerDocument.querySelectorAll('.keys')].map((p) => p.textContent);

describe('the schedule dialog keys line', () => {
  it('on the parameters says only their keys', async () => {
    useAppStore.setState({ bridge: bridge() });
    await act(async () => view.root.render(<ScheduleDialog sessionId="s1" conversation={conversation} contactName="Cláudia Assunção" onClose={() => undefined} />));
    await settle();
    expect(keyLines()).toEqual(['Esc volta uma etapa · ↑↓ escolhem · Enter confirma']);
    await act(async () => {
      document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    await settle();
    expect(document.activeElement?.id).toBe('param-nome');
    expect(keyLines()).toEqual(['Tab passa ao próximo parâmetro · Enter escolhe o momento · Esc volta']);
  });
});

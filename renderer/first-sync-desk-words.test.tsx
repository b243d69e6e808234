// @vitest-environment happy-dom
/**
 * What the desk says while a big account's first sync runs: the conversations land in a second or
 * two, their contacts for minutes (200,000 over a 300 ms line: a minute). Before, the desk said
 * "Nenhum atendimento por aqui ainda." while the conversations were being fetched, and "Contato sem
 * nome" on every row whose contact had not arrived yet (155 of 160): as if the contacts had no name.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { HelenaBridge } from '../src/console/bridge-contract';
import type { ConversationSummary, DeskView } from '../src/console/results';
import { mountPerTest } from './testing/mount-per-test';
import { HomeScreen } from './screens/HomeScreen';
import { useAppStore } from './state/app-store';

const ROW = {
  id: 'session-1', contactId: 'contact-1', contactName: null, channelId: 'channel-1', departmentId: 'team-1', userId: null,
  status: 'PENDING', window: { canSendFreeText: true, expiresAt: null }, unreadCount: 1, lastMessageText: 'Olá, preciso de ajuda',
  updatedAt: '2026-12-01T05:00:00.000Z', canWrite: false, pendingStart: null, draft: null, noteDraft: null,
} as unknown as ConversationSummary;

function snapshot(progress: { resource: string; done: number; total: number; phase: 'first' | 'delta' } | null) {
  return {
    auth: 'logged_in', agent: null, connectivity: { state: 'online', realtime: 'connected' },
    sync: { state: progress ? 'syncing' : 'idle', lastFinishedAt: progress ? null : '2026-12-01T05:00:00.000Z', progress },
    outbox: { queued: 0, waiting_reply: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 },
    outboxOtherAgents: 0, outboxHeldHere: 0, conversations: { total: 0, unread: 0, waitingContact: 0 },
    disk: { state: 'ok', freeBytes: 50_000_000_000 },
  } as never;
}

const view = mountPerTest();

async function deskWith(items: ConversationSummary[], progress: Parameters<typeof snapshot>[0]) {
  const desk: DeskView = { items, counts: { all: items.length, mine: 0, queue: items.length, waiting: 0 } } as DeskView;
  const invoke = vi.fn((command: string) => Promise.resolve({ ok: true, value: command === 'desk.view' ? desk : {} }));
  useAppStore.setState({
    bridge: { invoke, onEvent: () => () => undefined } as unknown as HelenaBridge,
    phase: 'logged_in', snapshot: snapshot(progress), conversations: items, deskCounts: desk.counts, openKey: null,
  });
  await act(async () => view.root.render(<HomeScreen />));
  await act(async () => new Promise((resolve) => setTimeout(resolve, 20)));
  return {
    empty: () => view.host.querySelector('p.empty')?.textContent ?? null,
    name: () => view.host.querySelector('[role="option"] .name')?.textContent ?? null,
  };
}

describe('the desk during a first sync', () => {
  it('says the conversations are being fetched, not that there are none, before they arrive', async () => {
    const desk = await deskWith([], { resource: 'sessions', done: 0, total: 160, phase: 'first' });
    expect(desk.empty()).toBe('Buscando seus atendimentos no HelenaCRM…');
  });

  it('with the conversations in and the contacts coming, an agent who has none is told so', async () => {
    const desk = await deskWith([], { resource: 'contacts', done: 7_500, total: 200_040, phase: 'first' });
    expect(desk.empty()).toBe('Nenhum atendimento por aqui ainda.');
  });

  it('a row whose contact has not arrived yet says so, not "Contato sem nome"', async () => {
    const desk = await deskWith([ROW], { resource: 'contacts', done: 7_500, total: 200_040, phase: 'first' });
    expect(desk.name()).toBe('Contato ainda sincronizando…');
  });

  it('a row whose conversation came with its contact embedded reads the name (or number) the core gives', async () => {
    // The core names it from the session's contactDetails (IncludeDetails=ContactDetails) until the contact is cached.
    const named = await deskWith([{ ...ROW, contactName: 'Zuleica Barros' }], { resource: 'contacts', done: 7_500, total: 200_040, phase: 'first' });
    expect(named.name()).toBe('Zuleica Barros');
    const numbered = await deskWith([{ ...ROW, contactName: '(62) 98445-5667' }], { resource: 'contacts', done: 7_500, total: 200_040, phase: 'first' });
    expect(numbered.name()).toBe('(62) 98445-5667');
  });

  it('once synced, a contact with no name at all is still "Contato sem nome"', async () => {
    const desk = await deskWith([ROW], null);
    expect(desk.name()).toBe('Contato sem nome');
    const later = await deskWith([ROW], { resource: 'contacts', done: 3, total: 3, phase: 'delta' });
    expect(later.name()).toBe('Contato sem nome');
  });
});

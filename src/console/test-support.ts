/**
 * For the console's unit tests only: a small cache seeded on disk, and in-memory stand-ins for
 * the sync engine and the outbox that honour their contracts (the outbox really writes message +
 * outbox row to SQLite before resolving). Integration tests use the real engines.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentDTO, ChannelDTO, DepartmentDTO, SessionDTO, TemplateDTO } from '../api/helena-dto';
import type { ExchangeOutcome } from '../api/transport';
import type { EnqueueResult, OutboxLike, OutgoingFile, StartConversationInput } from '../outbox/contract';
import { QueueQueries } from '../outbox/queue-queries';
import { openStore, type Store } from '../store';
import { contactDto } from '../store/test-fixtures';
import type { SyncEngineLike } from '../sync/contract';
import type { CoreEvent, CoreEventListener } from './core-events';
import type { EngineFactory } from './console';

export const IDS = {
  me: randomUUID(),
  agentRow: randomUUID(),
  official: randomUUID(),
  qr: randomUUID(),
  vendas: randomUUID(),
  suporte: randomUUID(),
  financeiro: randomUUID(),
  welcome: randomUUID(),
  financeOnly: randomUUID(),
  inReview: randomUUID(),
  joao: randomUUID(),
  /** With a WhatsApp number and no conversation: a start to her is no start into an open one. */
  conceicao: randomUUID(),
  noPhone: randomUUID(),
  mySession: randomUUID(),
  otherTeamSession: randomUUID(),
  colleagueSession: randomUUID(),
  colleague: randomUUID(),
};

const T0 = '2024-05-01T12:00:00.000Z';

function session(id: string, overrides: Partial<SessionDTO>): SessionDTO {
  return {
    id, createdAt: T0, updatedAt: T0, status: 'IN_PROGRESS', contactId: IDS.joao, channelId: IDS.official,
    departmentId: IDS.vendas, userId: IDS.me, unreadCount: 2, lastMessageText: 'oi', lastMessageOut: null,
    lastMessageIn: null, windowStatus: 'NOT_STARTED', channelType: 'CLOUDAPI_WHATSAPP', ...overrides,
  };
}

/** A folder holding a seeded cache: agent Ana in Vendas + Suporte, two channels, three templates, contacts, sessions. */
export function seededCacheDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-console-'));
  const store = openStore({ location: dir });
  const channel = (id: string, type: ChannelDTO['type'], name: string): ChannelDTO => ({
    id, active: true, type, number: '5511930040001', identity: { displayName: name },
  });
  store.directory.replaceChannels([channel(IDS.official, 'CloudAPI_WhatsApp', 'Oficial'), channel(IDS.qr, 'EvolutionApi_WhatsApp', 'QR')]);
  const team = (id: string, name: string, members: string[]): DepartmentDTO => ({
    id, name, isDefault: name === 'Vendas', restrictionType: 'NONE', channels: [{ id: IDS.official }],
    agents: members.map((userId) => ({ userId, isAgent: true, isSupervisor: false })),
  });
  store.directory.replaceTeams([
    team(IDS.vendas, 'Vendas', [IDS.me]),
    team(IDS.suporte, 'Suporte', [IDS.me, IDS.colleague]),
    team(IDS.financeiro, 'Financeiro', [IDS.colleague]),
  ]);
  const agent: AgentDTO = { id: IDS.agentRow, userId: IDS.me, name: 'Ana Lúcia', email: 'ana@demo.com', phoneNumber: null, profile: 'Agent', departments: [] };
  store.directory.setMe(agent);
  const template = (id: string, name: string, overrides: Partial<TemplateDTO> = {}): TemplateDTO => ({
    id, updatedAt: T0, active: true, channelId: IDS.official, name, text: 'Olá {{nome}}, aqui é {{atendente}}.',
    status: 'Approved', type: ['TEMPLATE'], params: [{ name: 'nome' }, { name: 'atendente' }], categoryName: 'Utilidade',
    departmentIds: [], ...overrides,
  });
  store.templates.upsertTemplates([
    template(IDS.welcome, 'boas_vindas'),
    template(IDS.financeOnly, 'lembrete_pagamento', { departmentIds: [IDS.financeiro] }),
    template(IDS.inReview, 'pesquisa', { status: 'InRevision', categoryName: 'Marketing' }),
  ]);
  store.contacts.upsertContacts([
    contactDto({ id: IDS.joao, name: 'João da Silva', phoneNumber: '+5511987654321', email: 'joao@gmail.com' }),
    contactDto({ id: IDS.noPhone, name: 'Sem Telefone', phoneNumber: null }),
    contactDto({ id: IDS.conceicao, name: 'Conceição Santos', phoneNumber: '+5511976543210' }),
  ]);
  store.sessions.upsertSessions([
    session(IDS.mySession, {}),
    session(IDS.otherTeamSession, { departmentId: IDS.financeiro, userId: IDS.colleague }),
    session(IDS.colleagueSession, { departmentId: IDS.suporte, userId: IDS.colleague, unreadCount: 0 }),
  ]);
  store.close();
  return dir;
}

export class FakeSync implements SyncEngineLike {
  readonly calls: string[] = [];
  private readonly listeners = new Set<CoreEventListener>();
  online = true;
  /** What start() returns: a test may hold it open to play a long first sync. */
  startResult: Promise<void> = Promise.resolve();
  constructor(private readonly store: Store) {}
  start(): Promise<void> {
    this.calls.push('start');
    return this.startResult;
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    return Promise.resolve();
  }
  syncNow(): Promise<void> {
    this.calls.push('syncNow');
    return Promise.resolve();
  }
  checkConnectionNow(aliveWithinMs: number): Promise<void> {
    this.calls.push(`checkConnection:${aliveWithinMs}`);
    return Promise.resolve();
  }
  refreshSession(sessionId: string): Promise<void> {
    this.calls.push(`refresh:${sessionId}`);
    return Promise.resolve();
  }
  refreshContactSessions(contactId: string): Promise<{ more: boolean }> {
    this.calls.push(`history:${contactId}`);
    return Promise.resolve({ more: false });
  }
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: CoreEvent): void {
    for (const l of this.listeners) l(event);
  }
  applySession(dto: SessionDTO): void {
    this.store.sessions.upsertSessions([dto]);
    this.emit({ type: 'conversation-changed', sessionId: dto.id });
  }
  isOnline(): boolean {
    return this.online;
  }
  /** How the console's requests ended, as the client told (noteExchange). */
  readonly exchanges: ExchangeOutcome[] = [];
  noteExchange(outcome: ExchangeOutcome): void {
    this.exchanges.push(outcome);
  }
}

export class FakeOutbox implements OutboxLike {
  readonly calls: string[] = [];
  readonly starts: StartConversationInput[] = [];
  private readonly listeners = new Set<CoreEventListener>();
  constructor(private readonly store: Store) {}

  private enqueue(conversationKey: string, sessionId: string | null, kind: 'start' | 'text' | 'template' | 'note', text: string | null,
    templateId: string | null, parameters: Record<string, string> | null, start?: StartConversationInput): EnqueueResult {
    const localId = randomUUID();
    const refId = randomUUID();
    const key = conversationKey === '' ? `start:${localId}` : conversationKey;
    const entry = this.store.outbox.enqueue({
      message: { localId, refId, conversationKey: key, sessionId, text, templateId, parameters, createdAt: new Date().toISOString(), ...(kind === 'note' ? { type: 'NOTE', userId: this.store.directory.me()?.userId ?? null } : {}) },
      payload: kind === 'start'
        ? {
            kind,
            // Addressed as the real outbox does: the channel, the contact's number, the team.
            body: {
              from: start?.channelId ?? 'x',
              to: start?.to ?? (start?.contactId ? this.store.contacts.get(start.contactId)?.phoneNumber : null) ?? 'y',
              templateId: templateId ?? 'texto',
              parameters,
              options: start ? { department: { id: start.departmentId } } : null,
              refId,
            },
          }
        : kind === 'note'
          ? { kind, body: { text, refId } }
          : { kind, body: { text: text ?? undefined, templateId: templateId ?? undefined, parameters: parameters ?? undefined, refId } },
    });
    return { localId, refId, state: entry.state, conversationKey: key };
  }
  startConversation(input: StartConversationInput): Promise<EnqueueResult> {
    this.starts.push(input);
    return Promise.resolve(this.enqueue('', null, 'start', input.text ?? null, input.templateId ?? null, input.parameters ?? null, input));
  }
  sendText(sessionId: string, text: string): Promise<EnqueueResult> {
    return Promise.resolve(this.enqueue(sessionId, sessionId, 'text', text, null, null));
  }
  sendTemplate(sessionId: string, templateId: string, parameters: Record<string, string>): Promise<EnqueueResult> {
    return Promise.resolve(this.enqueue(sessionId, sessionId, 'template', null, templateId, parameters));
  }
  addNote(sessionId: string, text: string): Promise<EnqueueResult> {
    return Promise.resolve(this.enqueue(sessionId, sessionId, 'note', text, null, null));
  }
  /** Recorded, queued as a text of its caption: the console tests look at what reached the outbox, not at uploads. */
  readonly files: OutgoingFile[] = [];
  sendFile(sessionId: string, file: OutgoingFile): Promise<EnqueueResult> {
    this.files.push(file);
    return Promise.resolve(this.enqueue(sessionId, sessionId, 'text', file.caption ?? null, null, null));
  }
  edit(localId: string, change: { text?: string; parameters?: Record<string, string>; media?: string }): Promise<boolean> {
    return Promise.resolve(this.store.outbox.edit(localId, change) !== null);
  }
  retry(localId: string): Promise<boolean> {
    return Promise.resolve(this.store.outbox.setState(localId, { state: 'queued', from: ['failed'] }));
  }
  cancel(localId: string): Promise<boolean> {
    return Promise.resolve(this.store.outbox.cancel(localId));
  }
  dismissEditNote(localId: string): boolean {
    return new QueueQueries(this.store, () => new Date().toISOString()).dismissAbandonedEdit(localId);
  }
  start(): Promise<void> {
    this.calls.push('start');
    return Promise.resolve();
  }
  stop(): Promise<void> {
    this.calls.push('stop');
    return Promise.resolve();
  }
  flush(): Promise<void> {
    return Promise.resolve();
  }
  setOnline(online: boolean): void {
    this.calls.push(`online:${String(online)}`);
  }
  onContactReplied(sessionId: string): void {
    this.calls.push(`replied:${sessionId}`);
  }
  /** Not recorded: sync announces every conversation it writes, which would drown the calls tests look for. */
  onSessionChanged(): void {}
  retryNow(): void {
    this.calls.push('retryNow');
  }
  setAuthorized(authorized: boolean): void {
    this.calls.push(`authorized:${String(authorized)}`);
  }
  on(listener: CoreEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** An engine factory that records what it built. */
export function fakeEngines(): { factory: EngineFactory; built: Array<{ sync: FakeSync; outbox: FakeOutbox }> } {
  const built: Array<{ sync: FakeSync; outbox: FakeOutbox }> = [];
  return {
    built,
    factory: ({ store }) => {
      const engines = { sync: new FakeSync(store), outbox: new FakeOutbox(store) };
      built.push(engines);
      return engines;
    },
  };
}

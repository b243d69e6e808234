/**
 * The production engine factory: the real sync engine (REST + realtime) and the durable outbox,
 * sharing the console's store and HelenaClient (one rate budget). The console itself forwards
 * 'contact-replied' and 'connectivity' from sync to the outbox, so they are not wired twice here.
 */
import { AttachmentFiles, Outbox, type OutboxOptions } from '../outbox';
import { SyncEngine, type SyncEngineOptions } from '../sync';
import type { EngineFactory } from './console';

export interface RealEngineOptions {
  sync?: Omit<Partial<SyncEngineOptions>, 'store' | 'client' | 'url' | 'getToken' | 'onContactReplied'>;
  outbox?: Omit<Partial<OutboxOptions>, 'store' | 'client' | 'onSession' | 'agentId' | 'attachments'>;
}

export function realEngines(options: RealEngineOptions = {}): EngineFactory {
  return ({ store, client, baseUrl, getToken, agent, attachmentsDir, onLocalFailure }) => {
    const sync = new SyncEngine({ ...options.sync, store, client, url: baseUrl, getToken, onLocalFailure: (error) => onLocalFailure(error, 'sync') });
    const internalError = options.outbox?.onInternalError ?? ((error: unknown) => console.error('[outbox]', error));
    const outbox = new Outbox({
      online: false,
      ...options.outbox,
      store,
      client,
      // Queued messages belong to their author: this outbox sends only the signed-in agent's.
      agentId: agent.userId,
      // A session the server returned (after a start) reaches the cache through sync, which announces it.
      onSession: (session) => sync.applySession(session),
      attachments: new AttachmentFiles(attachmentsDir),
      // A write refused by a damaged file lands here too: the next start checks the file (store/recover.ts).
      onInternalError: (error) => {
        onLocalFailure(error, 'outbox');
        internalError(error);
      },
    });
    return { sync, outbox };
  };
}

export { SyncEngine } from './sync-engine';
export type { SyncEngineOptions, SyncLogger, SyncStats } from './sync-engine';
export type { SyncEngineLike } from './contract';
export { ContactIngest, DEFAULT_CONTACT_BATCH } from './contact-ingest';
export { EventApplier } from './event-applier';
export { cachedAgents } from './pulls';
export type { ContactReply, EventOutcome } from './event-applier';

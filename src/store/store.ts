/**
 * The local store: one database, its repositories, and a way to run several of their writes in
 * one transaction. The core (sync, outbox, console) receives a Store; nothing else opens the file.
 */
import type Database from 'better-sqlite3';
import { ContactSearch, type ContactSearchOptions, type ContactSearchResult } from './contact-search';
import { ContactsRepo } from './contacts-repo';
import { durably, openDatabase, type OpenDatabaseOptions } from './db';
import { DirectoryRepo } from './directory-repo';
import { DraftsRepo } from './drafts-repo';
import { MessagesRepo } from './messages-repo';
import type { MigrationReport } from './migrate';
import { OutboxRepo } from './outbox-repo';
import { ScheduleFailuresRepo } from './schedule-failures-repo';
import { SessionsRepo } from './sessions-repo';
import { SyncStateRepo } from './sync-state-repo';
import { TemplatesRepo } from './templates-repo';

export interface OpenStoreOptions extends OpenDatabaseOptions {
  /** Clock for the times the store stamps itself (drafts, outbox, sync state). */
  now?: () => string;
}

export interface Store {
  readonly db: Database.Database;
  readonly migration: MigrationReport;
  readonly contacts: ContactsRepo;
  readonly directory: DirectoryRepo;
  readonly templates: TemplatesRepo;
  readonly sessions: SessionsRepo;
  readonly messages: MessagesRepo;
  readonly outbox: OutboxRepo;
  readonly drafts: DraftsRepo;
  readonly syncState: SyncStateRepo;
  /** Failed scheduled messages: announced, dismissed (migration 014). */
  readonly scheduleFailures: ScheduleFailuresRepo;
  searchContacts(query: string, options?: ContactSearchOptions): ContactSearchResult;
  /** Runs fn in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /**
   * As transaction, committed durably (synchronous FULL, db.ts durably): for what only this
   * computer holds and the agent was told is done — a queued message's edit or cancel.
   */
  durableTransaction<T>(fn: () => T): T;
  close(): void;
}

export function openStore(options: OpenStoreOptions): Store {
  const { db, migration } = openDatabase(options);
  const now = options.now ?? (() => new Date().toISOString());
  const messages = new MessagesRepo(db, now);
  const search = new ContactSearch(db);
  return {
    db,
    migration,
    contacts: new ContactsRepo(db),
    directory: new DirectoryRepo(db, now),
    templates: new TemplatesRepo(db),
    sessions: new SessionsRepo(db),
    messages,
    outbox: new OutboxRepo(db, messages, now),
    drafts: new DraftsRepo(db, now),
    syncState: new SyncStateRepo(db, now),
    scheduleFailures: new ScheduleFailuresRepo(db, now),
    searchContacts: (query, searchOptions) => search.search(query, searchOptions),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    durableTransaction: <T>(fn: () => T): T => durably(db, () => db.transaction(fn)()),
    close: () => {
      if (db.open) db.close();
    },
  };
}

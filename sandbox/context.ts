/** What every part of the sandbox shares: storage, the clock, the event log and the options. */
import type Database from 'better-sqlite3';
import type { SandboxClock } from './clock';
import type { EventLog } from './event-log';
import type { SandboxOptions } from './options';

export interface SandboxContext {
  db: Database.Database;
  clock: SandboxClock;
  events: EventLog;
  options: SandboxOptions;
  /** The account (company) every record belongs to; the sandbox serves one company. */
  companyId: string;
  log: (line: string) => void;
}

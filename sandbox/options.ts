/**
 * Every knob of the sandbox, with the defaults `npm run sandbox` and `npm start` use.
 * Tests pass overrides to startSandbox(); the CLI maps flags onto the same object.
 */
import { DEFAULT_PRICES, type PriceTable } from '../src/domain/cost';

/** Price per WhatsApp category and country: the domain's type, so the client's estimate reads the same table. */
export type { PriceEntry, PriceTable } from '../src/domain/cost';

export interface FaultSettings {
  /** Added to every HTTP answer. */
  latencyMs: number;
  /** Share (0..1) of API requests answered 500. */
  errorRate: number;
  /** When true, socket.io connections are dropped as soon as they connect. */
  dropSockets: boolean;
}

export interface SandboxOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Folder for the SQLite file; null keeps everything in memory (tests). */
  dataDir: string | null;
  /** Seed the demo company (teams, agents, channels, templates, contacts) on an empty database. */
  demoData: boolean;
  /** Extra synthetic contacts to seed (benchmarks). */
  syntheticContacts: number;
  /** Enables /control/v1/* (code peek, clock, inbound messages, faults). Never on for a shared server. */
  control: boolean;
  /** WhatsApp Cloud API behaviour: refuse free text outside the window (131047) instead of holding it as WAIT_REPLY. */
  strictWindow: boolean;
  rateLimit: { max: number; windowMs: number };
  tokenTtlMs: number;
  codeTtlMs: number;
  /** Delays of the simulated delivery receipts after a message is SENT. */
  statusDelaysMs: { delivered: number; read: number };
  /** Largest file a PUT to an upload URL takes (bytes). Default: WhatsApp's largest, a 100 MB document. */
  uploadMaxBytes: number;
  /** How long an upload URL (and its tempFileId) stays valid. */
  uploadTtlMs: number;
  /** How many events the log keeps before it trims the oldest. */
  eventLogMax: number;
  prices: PriceTable;
  faults: FaultSettings;
  /** Print requests and one-time codes. */
  verbose: boolean;
}

export { DEFAULT_PRICES } from '../src/domain/cost';

export function defaultOptions(): SandboxOptions {
  return {
    host: '127.0.0.1',
    port: 4010,
    dataDir: null,
    demoData: true,
    syntheticContacts: 0,
    control: false,
    strictWindow: false,
    rateLimit: { max: 200, windowMs: 5_000 },
    tokenTtlMs: 12 * 60 * 60 * 1000,
    codeTtlMs: 10 * 60 * 1000,
    statusDelaysMs: { delivered: 1_500, read: 4_000 },
    uploadMaxBytes: 100_000_000,
    uploadTtlMs: 60 * 60 * 1000,
    eventLogMax: 100_000,
    prices: DEFAULT_PRICES,
    faults: { latencyMs: 0, errorRate: 0, dropSockets: false },
    verbose: false,
  };
}

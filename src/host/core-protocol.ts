/**
 * The messages between the shell and the core when the core runs in a process of its own (an
 * Electron utilityProcess): SQLite, sync and the outbox then never hold the main process, which
 * routes the window's input and IPC. Both sides validate what they receive; the shell holds the
 * secrets (safeStorage exists only in the main process), so the core asks it for the token.
 *
 * shell → core: open, invoke, secret-answer, close, ping, network-changed
 * core → shell: ready, opened | open-failed, result, event, secret-get | secret-set | secret-clear, closed, pong, log
 */
import { z } from 'zod';
import { PriceTableSchema } from '../domain/cost';
import { MAX_CA_BUNDLE_CHARS } from '../net/trust';
import type { CoreEvent } from '../console/core-events';
import type { HandleResult } from '../console/console';

/** The longest log line the core sends (a stack fits). */
export const CORE_LOG_MAX = 8000;
const coreLogLevel = z.enum(['info', 'warn', 'error']);
export type CoreLogLevel = z.infer<typeof coreLogLevel>;

const requestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const coreOpenOptionsSchema = z
  .object({
    dataDir: z.string().min(1).max(4096),
    baseUrl: z.string().min(1).max(2048),
    prices: PriceTableSchema.optional(),
    nativeBinding: z.string().min(1).max(4096).optional(),
    /**
     * The proxy the shell chose for this server (net/proxy-config.ts), credentials included: never
     * logged on either side. Absent: direct.
     */
    proxyUrl: z.string().min(1).max(2048).optional(),
    /** HELENA_CA_FILE's certificates, read and checked once by the shell (net/trust.ts). */
    extraCa: z.string().min(1).max(MAX_CA_BUNDLE_CHARS).optional(),
  })
  .strict();
export type CoreOpenOptions = z.infer<typeof coreOpenOptionsSchema>;

/** The longest a burst of wake and network signs is taken as one change (net/network-watch.ts waits less). */
export const MAX_ALIVE_WITHIN_MS = 10 * 60_000;

/**
 * The network may have changed (the laptop woke, another network, a VPN): the proxy chosen again
 * for this server (credentials included, never logged; null: direct), and how long ago the first
 * sign of the change came — a socket that heard HelenaCRM since is alive and kept.
 */
export const networkChangeSchema = z
  .object({
    proxyUrl: z.string().min(1).max(2048).nullable(),
    aliveWithinMs: z.number().int().min(0).max(MAX_ALIVE_WITHIN_MS),
  })
  .strict();
export type NetworkChangeMessage = z.infer<typeof networkChangeSchema>;

export const shellMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('open'), options: coreOpenOptionsSchema }).strict(),
  z.object({ type: z.literal('invoke'), id: requestId, command: z.string().min(1).max(64), input: z.unknown() }).strict(),
  z
    .object({ type: z.literal('secret-answer'), id: requestId, ok: z.boolean(), value: z.string().max(8192).nullable() })
    .strict(),
  z.object({ type: z.literal('close') }).strict(),
  /** The watchdog's question: a core that stops answering it is stuck and gets restarted. */
  z.object({ type: z.literal('ping'), id: requestId }).strict(),
  z.object({ type: z.literal('network-changed'), change: networkChangeSchema }).strict(),
]);
export type ShellMessage = z.infer<typeof shellMessageSchema>;

const fieldIssueSchema = z.looseObject({ field: z.string(), message: z.string(), messageEn: z.string().optional() });
const errorBodySchema = z.looseObject({
  code: z.string().min(1).max(128),
  message: z.string(),
  messageEn: z.string().optional(),
  field: z.string().optional(),
  issues: z.array(fieldIssueSchema).optional(),
});
const handleResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: errorBodySchema }).strict(),
]);

const resourceName = z.enum(['contacts', 'channels', 'teams', 'agents', 'templates', 'sessions', 'messages']);
const phase = z.enum(['first', 'delta']);
const outboxCounts = z.record(z.enum(['queued', 'waiting_reply', 'sending', 'sent', 'failed', 'cancelled']), z.number());
/** The core's events, field by field: the tray and the window act on them. Extra fields pass through. */
export const coreEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('sync-progress'), resource: resourceName, done: z.number(), total: z.number().nullable(), phase }),
  z.looseObject({ type: z.literal('sync-finished'), phase, at: z.string() }),
  z.looseObject({ type: z.literal('sync-stopped'), retrying: z.boolean() }),
  z.looseObject({
    type: z.literal('connectivity'),
    state: z.enum(['online', 'unstable', 'connecting', 'offline']),
    realtime: z.enum(['connected', 'connecting', 'offline']),
    detail: z.string().optional(),
  }),
  z.looseObject({ type: z.literal('conversation-changed'), sessionId: z.string() }),
  z.looseObject({
    type: z.literal('message-status'),
    sessionId: z.string().nullable(),
    messageId: z.string().nullable(),
    localId: z.string().nullable(),
    status: z.string(),
    reason: z.string().optional(),
  }),
  z.looseObject({
    type: z.literal('upload-progress'),
    sessionId: z.string().nullable(),
    localId: z.string(),
    sent: z.number().nonnegative(),
    total: z.number().nonnegative(),
  }),
  z.looseObject({
    type: z.literal('download-progress'),
    localId: z.string(),
    received: z.number().nonnegative(),
    total: z.number().nonnegative().nullable(),
  }),
  z.looseObject({
    type: z.literal('contact-replied'),
    sessionId: z.string(),
    contactId: z.string().nullable(),
    contactName: z.string(),
    text: z.string(),
  }),
  z.looseObject({
    type: z.literal('schedule-failed'),
    scheduledId: z.string(),
    contactId: z.string(),
    contactName: z.string(),
    sessionId: z.string().nullable(),
    templateName: z.string().nullable(),
    at: z.string(),
    reason: z.string().nullable(),
  }),
  z.looseObject({ type: z.literal('contacts-changed') }),
  z.looseObject({ type: z.literal('templates-changed') }),
  z.looseObject({ type: z.literal('agent-changed') }),
  z.looseObject({ type: z.literal('outbox-counts'), counts: outboxCounts, otherAgents: z.number().optional() }),
  z.looseObject({ type: z.literal('auth-expired') }),
  z.looseObject({ type: z.literal('disk-space'), state: z.enum(['ok', 'low', 'full']), freeBytes: z.number().nonnegative().nullable() }),
  z.looseObject({ type: z.literal('store-upgrading') }),
]);
// The schema and the CoreEvent union must describe the same events: each is assignable to the other.
type SchemaEvent = z.infer<typeof coreEventSchema>;
const eventsAgree: [SchemaEvent extends CoreEvent ? true : false, CoreEvent extends SchemaEvent ? true : false] = [true, true];
void eventsAgree;

export const coreMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('opened') }).strict(),
  /**
   * The core could not open. `code` (the ConsoleError's, e.g. 'data_dir_locked': another Helena Desk
   * has this data folder) lets the shell say what to do rather than repeat a message; `messageEn` is
   * the same sentence in English.
   */
  z
    .object({
      type: z.literal('open-failed'),
      message: z.string().max(4000),
      code: z.string().min(1).max(128).optional(),
      messageEn: z.string().max(4000).optional(),
    })
    .strict(),
  z.object({ type: z.literal('result'), id: requestId, result: handleResultSchema }).strict(),
  z.object({ type: z.literal('event'), event: coreEventSchema }).strict(),
  z.object({ type: z.literal('secret-get'), id: requestId }).strict(),
  z.object({ type: z.literal('secret-set'), id: requestId, token: z.string().min(1).max(8192) }).strict(),
  z.object({ type: z.literal('secret-clear'), id: requestId }).strict(),
  z.object({ type: z.literal('closed') }).strict(),
  z.object({ type: z.literal('pong'), id: requestId }).strict(),
  /**
   * A line for the shell's log file: the core's process has no file of its own (one writer, one
   * redaction with the token the shell holds). The sender cuts it to CORE_LOG_MAX.
   */
  z.object({ type: z.literal('log'), level: coreLogLevel, message: z.string().max(CORE_LOG_MAX) }).strict(),
]);
export type CoreMessage = z.infer<typeof coreMessageSchema>;

/** What the shell sends, typed for the sender. */
export type ShellToCore = ShellMessage;
/** What the core sends, typed for the sender (results and events carry the core's own types). */
export type CoreToShell =
  | Exclude<CoreMessage, { type: 'result' } | { type: 'event' }>
  | { type: 'result'; id: number; result: HandleResult }
  | { type: 'event'; event: CoreEvent };

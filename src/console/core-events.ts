/**
 * The events the core emits toward the UI (through the console facade and the bridge). Sync and
 * outbox emit subsets of these; the console forwards them unchanged. One union, so the bridge
 * contract and the renderer's store switch over one type.
 */
import type { OutboxState } from '../store';

export type ResourceName = 'contacts' | 'channels' | 'teams' | 'agents' | 'templates' | 'sessions' | 'messages';

/** 'unstable': HelenaCRM is reachable but its last answer was a server failure (5xx). */
export type ConnectivityState = 'online' | 'unstable' | 'connecting' | 'offline';

export type CoreEvent =
  /** First or delta sync progress; total is null while unknown. */
  | { type: 'sync-progress'; resource: ResourceName; done: number; total: number | null; phase: 'first' | 'delta' }
  | { type: 'sync-finished'; phase: 'first' | 'delta'; at: string }
  /**
   * A pass whose progress was on screen ended without finishing (the network dropped, HelenaCRM
   * failed, the agent signed out): its progress is void. retrying: another pass is already
   * scheduled (the status bar says so); false: none is, until something asks for one.
   */
  | { type: 'sync-stopped'; retrying: boolean }
  /** REST reachability and the realtime socket, as one indicator for the agent. */
  | { type: 'connectivity'; state: ConnectivityState; realtime: 'connected' | 'connecting' | 'offline'; detail?: string }
  /** The session row in the cache changed (new, status, window, unread, last message…). */
  | { type: 'conversation-changed'; sessionId: string }
  /** A message in the cache changed: new, or its status moved. localId set for messages this app sent. */
  | { type: 'message-status'; sessionId: string | null; messageId: string | null; localId: string | null; status: string; reason?: string }
  /** A file being sent (outbox kind 'file'): bytes uploaded so far, for "Enviando arquivo… 45%". */
  | { type: 'upload-progress'; sessionId: string | null; localId: string; sent: number; total: number }
  /** A received file being fetched (file.fetch): bytes so far, and the total when the file's host said it. */
  | { type: 'download-progress'; localId: string; received: number; total: number | null }
  /** A contact wrote (TO_HUB message): the shell shows a tray notification. */
  | { type: 'contact-replied'; sessionId: string; contactId: string | null; contactName: string; text: string }
  /**
   * A schedule of this agent's turned FAILED at its moment (schedule-failures.ts polls for it): the
   * shell shows a tray notification ("Agendamento não enviado: contato"). Raised once per schedule.
   * sessionId: the contact's latest conversation in the cache, to open on click (null if none).
   */
  | {
      type: 'schedule-failed';
      scheduledId: string;
      contactId: string;
      contactName: string;
      sessionId: string | null;
      templateName: string | null;
      at: string;
      reason: string | null;
    }
  | { type: 'contacts-changed' }
  | { type: 'templates-changed' }
  /** The signed-in agent changed as HelenaCRM has it (availability: "Disponível" / "Em pausa"): read the snapshot again. */
  | { type: 'agent-changed' }
  /**
   * Counts of the signed-in agent's outbox entries by state (queued, waiting_reply, sending,
   * failed …); otherAgents: messages other agents left queued on this machine, which go out only
   * when their author signs in again.
   */
  | { type: 'outbox-counts'; counts: Record<OutboxState, number>; otherAgents?: number }
  /** The token expired or was revoked: ask the agent to log in again; local data stays. */
  | { type: 'auth-expired' }
  /** The data folder's disk went low on room, full (writes fail), or has room again (disk-space.ts). */
  | { type: 'disk-space'; state: 'ok' | 'low' | 'full'; freeBytes: number | null }
  /**
   * Opening found a cache from an older version: its migrations run now, once, and block the core
   * for seconds (a minute on a large, busy machine). Sent before they start; the core opening is
   * the end of it. The starting screen says why it takes long.
   */
  | { type: 'store-upgrading' };

export type CoreEventListener = (event: CoreEvent) => void;

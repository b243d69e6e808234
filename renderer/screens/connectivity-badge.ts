/**
 * What the connectivity badge shows, settled. A socket that a proxy or a flaky line drops as soon
 * as it connects (sandbox `--drop-sockets`), while REST answers and messages go out fine, made the
 * core's state flip between "Conectando…", "Online" and "Online — respostas em até 30 s" every
 * 0.5–2 s; the status bar is aria-live, so a screen reader read every flip. Here:
 * - "Sem conexão" and "HelenaCRM instável" show at once: the network really gone is what the agent
 *   must see (the e2e offline tests wait for it);
 * - a step down from online (to "Conectando…", or to online without the live connection) shows
 *   only once it has lasted SETTLE_MS, timed from the step down: a reconnection that does not hold
 *   does not restart it, one that holds SETTLE_MS ends it (nothing was shown);
 * - plain "Online" comes back only once the socket has stayed connected SETTLE_MS (straight from
 *   "Sem conexão", or as the first state, at once). A socket that keeps dropping so settles on
 *   "Online — respostas em até 30 s" (HelenaCRM answers, live replies do not) or, once the core has
 *   not heard REST for its window (sync-engine.ts, restRecent), "Conectando…", instead of flipping
 *   between them.
 */
import type { StateSnapshot } from '../../src/console/results';

export type Connectivity = StateSnapshot['connectivity'];

export const SETTLE_MS = 2000;

export interface Badge {
  /** What the badge says; null only before the first state. */
  readonly shown: Connectivity | null;
  /** Since when the socket has been connected without a break; null while it is not. */
  readonly connectedSince: number | null;
  /** Since when a step down from the online shown is held; null when none is. */
  readonly downSince: number | null;
}

/** 2: online with the live connection; 1: online, replies by polling; 0: not known yet; null: offline, unstable. */
function rank(c: Connectivity): 2 | 1 | 0 | null {
  if (c.state === 'online') return c.realtime === 'connected' ? 2 : 1;
  return c.state === 'connecting' ? 0 : null;
}

export function firstBadge(actual: Connectivity | null, now: number): Badge {
  // A window opening on a connected socket has nothing to prove it against: it shows as it is.
  return { shown: actual, connectedSince: actual && rank(actual) === 2 ? now - SETTLE_MS : null, downSince: null };
}

/** The badge after the core's connectivity `actual` at `now` (also called when nextCheck comes). */
export function settleBadge(prev: Badge, actual: Connectivity | null, now: number): Badge {
  const a = actual ? rank(actual) : null;
  const connectedSince = a === 2 ? (prev.connectedSince ?? now) : null;
  if (!actual) return { shown: null, connectedSince, downSince: null };
  const shown = prev.shown ? rank(prev.shown) : null;
  if (prev.shown === null || a === null) return { shown: actual, connectedSince, downSince: null };
  const proven = a === 2 && connectedSince !== null && now - connectedSince >= SETTLE_MS;
  if (proven) return { shown: actual, connectedSince, downSince: null };
  // A socket connected moments ago is worth "HelenaCRM reachable", not yet "live".
  const worth = a === 2 ? 1 : a;
  if (shown !== null && shown >= 1 && worth !== null && worth < shown) {
    const downSince = prev.downSince ?? now;
    // Held 2 s; past that, a socket connected again is given its 2 s to prove itself (a drop
    // followed by a reconnection that holds changes nothing), and a drop from it shows at once.
    if (now - downSince < SETTLE_MS || a === 2) return { shown: prev.shown, connectedSince, downSince };
    return { shown: actual, connectedSince, downSince: null };
  }
  // Connected, not proven yet: straight from offline or unstable it shows at once, else what is shown stays.
  if (a === 2) return { shown: shown === null ? actual : prev.shown, connectedSince, downSince: null };
  return { shown: actual, connectedSince, downSince: null };
}

/** When the badge must be looked at again with no new event (a hold ends, a connection is proven); null: never. */
export function nextCheck(badge: Badge, now: number): number | null {
  const times = [badge.downSince, badge.connectedSince].filter((t): t is number => t !== null).map((t) => t + SETTLE_MS).filter((t) => t > now);
  return times.length > 0 ? Math.min(...times) - now : null;
}

/**
 * The update notice's pure parts, tested under Node (logic.test.ts style): its shortcut and which
 * queued messages the agent is told about before a restart.
 */
import type { StateSnapshot } from '../../src/console/results';
import { isAltKey, type ShortcutKey } from './alt-key';

/** Alt+R: "Reiniciar e atualizar", anywhere in the app while a new version is ready. */
export function isRestartShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'r');
}

/**
 * The agent's messages still to go out — the status bar's "N na fila" (queued, waiting for the
 * contact's reply, or being sent). They stay in SQLite across the restart; the agent hears so first.
 */
export function queuedToSend(outbox: StateSnapshot['outbox'] | undefined): number {
  if (!outbox) return 0;
  return (outbox.queued ?? 0) + (outbox.waiting_reply ?? 0) + (outbox.sending ?? 0);
}

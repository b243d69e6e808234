/**
 * Taking (Alt+A), completing (Alt+C) and transferring (Alt+T) go to HelenaCRM at once and are never
 * queued. The core refuses them offline with its generic network sentence ("Suas mensagens ficam na
 * fila e serão enviadas quando a conexão voltar", "Tentaremos de novo automaticamente"), which
 * promises a retry that never comes: the screens say instead what did not happen and to try again.
 */
import { useEffect, useState } from 'react';

/** Why HelenaCRM could not take a command that is never queued: offline, unstable, or another reason (null). */
export function directActionFailure(code: string): 'offline' | 'unstable' | null {
  if (code === 'offline' || code === 'api.network') return 'offline';
  if (code === 'api.server' || code === 'api.rate_limited') return 'unstable';
  return null;
}

/**
 * How long a direct action may take before the screen says it is under way ("Assumindo…"): an answer
 * sooner than this shows nothing, so a fast one does not flicker; offline, one takes seconds, and the
 * agent should not press again wondering whether the key was heard.
 */
export const IN_FLIGHT_SHOWN_AFTER_MS = 300;

/** True once `active` has stayed true for `IN_FLIGHT_SHOWN_AFTER_MS`; false again as soon as it is not. */
export function useShownAfterDelay(active: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!active) {
      setShown(false);
      return undefined;
    }
    const timer = setTimeout(() => setShown(true), IN_FLIGHT_SHOWN_AFTER_MS);
    return () => clearTimeout(timer);
  }, [active]);
  return shown && active;
}

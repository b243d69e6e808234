/**
 * Taking (Alt+A), completing (Alt+C) and transferring (Alt+T) go to HelenaCRM at once and are never
 * queued. The core refuses them offline with its generic network sentence ("Suas mensagens ficam na
 * fila e serão enviadas quando a conexão voltar", "Tentaremos de novo automaticamente"), which
 * promises a retry that never comes: the screens say instead what did not happen and to try again.
 */

/** Why HelenaCRM could not take a command that is never queued: offline, unstable, or another reason (null). */
export function directActionFailure(code: string): 'offline' | 'unstable' | null {
  if (code === 'offline' || code === 'api.network') return 'offline';
  if (code === 'api.server' || code === 'api.rate_limited') return 'unstable';
  return null;
}

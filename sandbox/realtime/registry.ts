/**
 * Lets the control API reach the running gateway of a sandbox (to drop sockets, or to end the
 * sockets of tokens a clock jump expired). The control routes are registered before the HTTP
 * server listens, so they look the gateway up when a request comes, not at registration.
 */
import type { SandboxContext } from '../context';

export interface RealtimeControl {
  /** Re-checks every socket's token now (and applies the dropSockets fault). */
  sweep(): void;
  /** Closes every socket's connection as a network failure would; returns how many. */
  dropAll(): number;
  connectedCount(): number;
  /** Contacts whose simulated reply is waiting for its timer. */
  pendingReplies(): string[];
}

const running = new WeakMap<SandboxContext, RealtimeControl>();

export function registerRealtime(ctx: SandboxContext, control: RealtimeControl): void {
  running.set(ctx, control);
}

export function unregisterRealtime(ctx: SandboxContext): void {
  running.delete(ctx);
}

export function realtimeOf(ctx: SandboxContext): RealtimeControl | undefined {
  return running.get(ctx);
}

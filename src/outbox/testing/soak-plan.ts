/**
 * What one soak cycle does, drawn from the seed before it runs: when the child dies, how fast the
 * agent types, and the faults the network and the server go through meanwhile. Drawn up front so
 * a seed names the same decisions however long each step took in wall time.
 */
import type { Rng } from '../../testing/prng';
import type { ProxyMode } from './tcp-proxy';
import type { SoakFaults } from './soak-rig';

/**
 * - 'spawn': a delay from the spawn, mostly inside module loading, opening the store and the
 *   outbox's reconciliation of what the last process left in flight.
 * - 'ready': a delay after the outbox started: reconciliation and the first sends.
 * - 'saved': a little after the n-th message of this run was saved: mostly between a request and
 *   its answer, or between the server's answer and the local write.
 */
export type KillTrigger = { after: 'spawn' | 'ready'; delayMs: number } | { after: 'saved'; count: number; delayMs: number };

export interface FaultStep {
  /** From the child's spawn. */
  atMs: number;
  faults: SoakFaults;
}

export interface CyclePlan {
  kill: KillTrigger;
  paceMs: number;
  childSeed: number;
  /** Applied in turn while the child lives (and the dead child's requests may still be in the server). */
  faults: FaultStep[];
  /** Between the kill and the next spawn, with the last faults still on. */
  gapMs: number;
}

/** No child outlives this, whatever its trigger: a plan must end. */
export const CHILD_DEADLINE_MS = 10_000;

function drawKill(rng: Rng): KillTrigger {
  const roll = rng.next();
  if (roll < 0.2) return { after: 'spawn', delayMs: rng.int(0, 1_500) };
  if (roll < 0.45) return { after: 'ready', delayMs: rng.int(0, 40) };
  if (roll < 0.85) return { after: 'saved', count: rng.int(1, 12), delayMs: rng.int(0, 25) };
  return { after: 'ready', delayMs: rng.int(200, 2_500) };
}

function drawFaults(rng: Rng): SoakFaults {
  const roll = rng.next();
  // 'hold': the request reaches the server, its answer never comes back (until the next switch cuts the connection).
  const proxy: ProxyMode = roll < 0.55 ? 'pass' : roll < 0.8 ? 'hold' : 'down';
  return {
    proxy,
    latencyMs: rng.chance(0.5) ? 0 : rng.int(1, 250),
    errorRate: rng.chance(0.5) ? 0 : rng.pick([0.1, 0.3, 0.6]),
  };
}

export function planCycle(rng: Rng): CyclePlan {
  const faults: FaultStep[] = [];
  for (let atMs = 0; atMs < CHILD_DEADLINE_MS; atMs += rng.int(20, 400)) faults.push({ atMs, faults: drawFaults(rng) });
  return {
    kill: drawKill(rng),
    paceMs: rng.int(5, 80),
    childSeed: rng.int(0, 2 ** 31 - 1),
    faults,
    gapMs: rng.int(0, 300),
  };
}

export function describeKill(kill: KillTrigger): string {
  return kill.after === 'saved' ? `${kill.delayMs} ms after saved #${kill.count}` : `${kill.delayMs} ms after ${kill.after}`;
}

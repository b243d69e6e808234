/**
 * The outbox soak: an agent's process killed at random instants while the network and the server
 * misbehave at random, then one clean run to the end, then the verdict (soak-check.ts).
 *
 * Each cycle starts a child that types the script, applies the cycle's faults as they come due,
 * SIGKILLs the child at its planned instant, and leaves the faults on a moment longer (requests of
 * the dead child may still be inside the server's added latency). Everything random is drawn from
 * the seed; wall-clock interleavings are not, so a seed replays the same decisions, not
 * necessarily the same race. Both the vitest test and scripts/soak.ts run this.
 */
import { rmSync } from 'node:fs';
import { seededRng } from '../../testing/prng';
import { SoakChild } from './soak-child-process';
import { checkSoak } from './soak-check';
import { CHILD_DEADLINE_MS, describeKill, planCycle, type CyclePlan, type FaultStep, type KillTrigger } from './soak-plan';
import { REPLIED_COMMAND, type SavedLine, type SoakChildConfig } from './soak-protocol';
import { NO_FAULTS, startSoakRig, type ServerRow, type SoakRig } from './soak-rig';
import { SoakScript } from './soak-script';

export interface SoakOptions {
  seed: number;
  /** The server refuses closed-window text (131047) rather than holding it. Default: drawn from the seed. */
  strictWindow?: boolean;
  /** Kill cycles before the final run. */
  cycles: number;
  /** Messages the final, undisturbed run types after the last crash. */
  finalMessages?: number;
  /** Progress lines (one per cycle). */
  log?: (line: string) => void;
}

export interface SoakReport {
  seed: number;
  strictWindow: boolean;
  cycles: number;
  kills: number;
  /** Children that restarted with a message left 'sending' by the one killed before. */
  restartsWithInFlight: number;
  /** Messages left 'sending' by a kill... */
  inFlightAtKill: number;
  /** ...of which the server already had this many: killed between the server's act and the local record of it. */
  serverHadInFlight: number;
  /** Script messages in the store at the end; a child reported `printed` of them (the rest: killed between the enqueue and its line). */
  messages: number;
  printed: number;
  durationMs: number;
  /** The children's store; removed when the run passed. */
  storeDir: string;
  violations: string[];
}

/** One line for a run: what the test and the soak script print. */
export function describeReport(report: SoakReport): string {
  return (
    `seed ${report.seed} (${report.strictWindow ? 'strict' : 'lenient'} window): ${report.cycles} cycles, ${report.kills} kills, ${report.inFlightAtKill} messages left in flight by them ` +
    `(${report.serverHadInFlight} already on the server), ${report.restartsWithInFlight} restarts reconciling, ` +
    `${report.messages} messages (${report.messages - report.printed} saved but killed before saying so), ${(report.durationMs / 1000).toFixed(1)} s`
  );
}

const FINAL_TIMEOUT_MS = 20_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const startedAt = Date.now();
  const strictWindow = options.strictWindow ?? seededRng(options.seed).fork('window-mode').chance(0.5);
  const rig = await startSoakRig(`s${options.seed}`, strictWindow);
  let report: SoakReport | null = null;
  try {
    report = await soak(rig, options, startedAt);
    return report;
  } finally {
    await rig.close();
    // A failed run's store stays for a post-mortem (its folder is in the report).
    if (report?.violations.length === 0) rmSync(rig.storeDir, { recursive: true, force: true });
  }
}

async function soak(rig: SoakRig, options: SoakOptions, startedAt: number): Promise<SoakReport> {
  const log = options.log ?? (() => undefined);
  const rng = seededRng(options.seed);
  const saved: SavedLine[] = [];
  const violations: string[] = [];
  let cycles = 0;
  let kills = 0;
  let restartsWithInFlight = 0;
  let inFlightAtKill = 0;
  let serverHadInFlight = 0;
  const childConfig = (plan: Pick<CyclePlan, 'childSeed' | 'paceMs'>, mode: SoakChildConfig['mode']): SoakChildConfig => ({
    storeDir: rig.storeDir,
    baseUrl: rig.baseUrl,
    token: rig.token,
    script: rig.spec,
    seed: plan.childSeed,
    paceMs: plan.paceMs,
    mode,
    finalMessages: options.finalMessages ?? 4,
  });

  while (cycles < options.cycles) {
    const plan = planCycle(rng.fork(`cycle-${cycles}`));
    const child = new SoakChild(childConfig(plan, 'soak'));
    const faults = runFaults(rig, plan.faults, Date.now());
    const outcome = await untilKill(child, plan.kill);
    await child.kill();
    await faults.stop();
    const cut = inFlightAfterKill(rig);
    inFlightAtKill += cut.inFlight;
    serverHadInFlight += cut.serverHad;
    collect(child, saved, violations, `cycle ${cycles}`);
    if (outcome === 'exited') violations.push(`cycle ${cycles}: the child exited by itself: ${describeExit(child)}`);
    else kills++;
    const ready = child.lines.find((line) => line.t === 'ready');
    if (ready?.t === 'ready' && ready.inFlight > 0) restartsWithInFlight++;
    log(
      `cycle ${cycles}: killed ${describeKill(plan.kill)}${outcome === 'deadline' ? ' (deadline)' : ''}, ${child.saved.length} saved, ` +
        `${ready?.t === 'ready' ? `${ready.inFlight} in flight at start` : 'never ready'}, left ${cut.inFlight} in flight (${cut.serverHad} already on the server)`,
    );
    cycles++;
    await sleep(plan.gapMs);
  }

  await rig.setFaults(NO_FAULTS);
  const serverAtDrain = await finalRun(rig, new SoakChild(childConfig({ childSeed: rng.int(0, 2 ** 31 - 1), paceMs: 20 }, 'final')), saved, violations);
  const ledger = rig.ledger();
  violations.push(...checkSoak({ script: new SoakScript(rig.spec), saved, ledger, server: rig.serverRows(), serverAtDrain, strictWindow: rig.strictWindow }));
  return {
    seed: options.seed,
    strictWindow: rig.strictWindow,
    cycles,
    kills,
    restartsWithInFlight,
    inFlightAtKill,
    serverHadInFlight,
    messages: ledger.length,
    printed: saved.length,
    durationMs: Date.now() - startedAt,
    storeDir: rig.storeDir,
    violations,
  };
}

/** The last run, with no faults: everything goes out, the held conversation's contact writes, all settles. */
async function finalRun(rig: SoakRig, child: SoakChild, saved: SavedLine[], violations: string[]): Promise<ServerRow[]> {
  let serverAtDrain: ServerRow[] = [];
  try {
    if (!(await child.waitFor((line) => line.t === 'drained', FINAL_TIMEOUT_MS))) {
      violations.push(`final run: not drained after ${FINAL_TIMEOUT_MS} ms (${describeExit(child)})`);
      return serverAtDrain;
    }
    serverAtDrain = rig.serverRows();
    if (rig.ledger().some((row) => row.kind === 'start')) await rig.closedContactsWrite();
    child.send(REPLIED_COMMAND);
    if (!(await child.waitFor((line) => line.t === 'done', FINAL_TIMEOUT_MS))) {
      violations.push(`final run: held messages not settled after ${FINAL_TIMEOUT_MS} ms (${describeExit(child)})`);
      return serverAtDrain;
    }
    const exit = await child.exited;
    if (exit.code !== 0) violations.push(`final run: exit ${describeExit(child)}`);
    return serverAtDrain;
  } finally {
    await child.kill();
    collect(child, saved, violations, 'final run');
  }
}

type Outcome = 'trigger' | 'exited' | 'deadline';

async function untilKill(child: SoakChild, kill: KillTrigger): Promise<Outcome> {
  const deadline = Date.now() + CHILD_DEADLINE_MS;
  if (kill.after === 'ready') {
    if (!(await child.waitFor((line) => line.t === 'ready', CHILD_DEADLINE_MS))) return child.hasExited ? 'exited' : 'deadline';
  } else if (kill.after === 'saved') {
    if (!(await child.waitFor(() => child.saved.length >= kill.count, CHILD_DEADLINE_MS))) return child.hasExited ? 'exited' : 'deadline';
  }
  await sleep(Math.max(0, Math.min(kill.delayMs, deadline - Date.now())));
  return child.hasExited ? 'exited' : 'trigger';
}

/** What a kill left in flight, and how much of it the server had already acted on. */
function inFlightAfterKill(rig: SoakRig): { inFlight: number; serverHad: number } {
  const sending = rig.ledger().filter((row) => row.state === 'sending');
  const onServer = new Set(rig.serverRows().map((row) => row.refId));
  return { inFlight: sending.length, serverHad: sending.filter((row) => onServer.has(row.refId)).length };
}

/** Applies the cycle's faults as they come due, until stopped. */
function runFaults(rig: SoakRig, steps: readonly FaultStep[], spawnedAt: number): { stop(): Promise<void> } {
  let stopped = false;
  const running = (async () => {
    for (const step of steps) {
      while (!stopped && Date.now() < spawnedAt + step.atMs) await sleep(Math.min(25, spawnedAt + step.atMs - Date.now()));
      if (stopped) return;
      await rig.setFaults(step.faults);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
    },
  };
}

function collect(child: SoakChild, saved: SavedLine[], violations: string[], when: string): void {
  saved.push(...child.saved);
  for (const line of child.lines) if (line.t === 'internal-error') violations.push(`${when}: the outbox reported an internal error: ${line.message}`);
  if (child.garbage.length > 0) violations.push(`${when}: the child printed what is not the protocol: ${child.garbage.slice(0, 3).join(' | ')}`);
}

function describeExit(child: SoakChild): string {
  const exit = child.hasExited;
  const how = exit ? `code ${exit.code ?? '-'}, signal ${exit.signal ?? '-'}` : 'still running';
  const stderr = child.stderrTail.trim();
  return stderr ? `${how}; stderr: ${stderr.slice(-1_500)}` : how;
}

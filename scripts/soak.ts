/**
 * The long outbox soak (`npm run soak`): rounds of the crash-at-any-instant test of
 * src/outbox/outbox.soak.int.test.ts, each on a fresh sandbox with its own seed, until the time is
 * spent. Not part of `npm test`.
 *
 *   npm run soak                                  # 10 minutes of 40-cycle rounds, random seeds
 *   npm run soak -- --minutes=60 --cycles=100
 *   SOAK_SEED=123 SOAK_CYCLES=40 npm run soak     # replay one round (the line a failure prints)
 *
 * Options (argv `--name=value` or the environment): --seed / SOAK_SEED (one round with that
 * seed), --cycles / SOAK_CYCLES (kills per round, default 40), --minutes / SOAK_MINUTES (default
 * 10), --window / SOAK_WINDOW (strict or lenient: how the server treats text to a contact who has
 * not written; default drawn from each seed), --verbose / SOAK_VERBOSE=1 (a line per cycle).
 * Exits 1 at the first round that fails.
 */
import { randomSeed } from '../src/testing/prng';
import { describeReport, runSoak } from '../src/outbox/testing/soak-driver';

function option(name: string): string | undefined {
  const flag = process.argv.find((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (flag !== undefined) return flag.includes('=') ? flag.slice(flag.indexOf('=') + 1) : '1';
  return process.env[`SOAK_${name.toUpperCase()}`];
}

function numberOption(name: string, fallback: number): number {
  const raw = option(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not '${raw}'`);
  return value;
}

const fixedSeed = option('seed');
const cycles = numberOption('cycles', 40);
const deadline = Date.now() + numberOption('minutes', 10) * 60_000;
const verbose = option('verbose') !== undefined;
const windowMode = option('window');
if (windowMode !== undefined && windowMode !== 'strict' && windowMode !== 'lenient') throw new Error(`--window must be strict or lenient, not '${windowMode}'`);
const startedAt = Date.now();
const totals = { rounds: 0, cycles: 0, kills: 0, messages: 0 };

do {
  const seed = fixedSeed !== undefined ? Number(fixedSeed) : randomSeed();
  console.log(`round ${totals.rounds + 1}: seed ${seed}`);
  const report = await runSoak({
    seed,
    cycles,
    ...(windowMode !== undefined ? { strictWindow: windowMode === 'strict' } : {}),
    ...(verbose ? { log: (line: string) => console.log(`  ${line}`) } : {}),
  });
  totals.rounds++;
  totals.cycles += report.cycles;
  totals.kills += report.kills;
  totals.messages += report.messages;
  console.log(`  ${describeReport(report)}`);
  if (report.violations.length > 0) {
    console.error(`FAILED, seed ${seed}: ${report.violations.length} violations`);
    for (const violation of report.violations.slice(0, 40)) console.error(`  - ${violation}`);
    console.error(`the children's store is kept in ${report.storeDir}`);
    console.error(`replay: SOAK_SEED=${seed} SOAK_CYCLES=${cycles} SOAK_WINDOW=${report.strictWindow ? 'strict' : 'lenient'} npm run soak`);
    process.exit(1);
  }
} while (fixedSeed === undefined && Date.now() < deadline);

const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
console.log(`soak passed: ${totals.rounds} rounds, ${totals.cycles} cycles, ${totals.kills} kills, ${totals.messages} messages, ${minutes} min`);

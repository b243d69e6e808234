import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { DiskSpaceWatch, FULL_DISK_BYTES, LOW_DISK_BYTES, type DiskSpace } from './disk-space';

const MB = 1024 * 1024;
let watch: DiskSpaceWatch | null = null;
afterEach(() => {
  watch?.stop();
  watch = null;
});

/** A watch over a disk whose free bytes the test sets; returns what the agent was told. */
function watchOver(free: { bytes: number }) {
  const told: DiskSpace[] = [];
  watch = new DiskSpaceWatch({ dir: '/data', onChange: (space) => told.push(space), freeBytes: () => Promise.resolve(free.bytes), intervalMs: 3_600_000 });
  return { told, watch };
}

describe('disk space', () => {
  it('warns while there is still room, says full below the line, and says so again only when the state changes', async () => {
    const free = { bytes: 10_000 * MB };
    const { told, watch: w } = watchOver(free);
    await w.start();
    expect(told).toEqual([]);
    expect(w.current).toEqual({ state: 'ok', freeBytes: 10_000 * MB });

    free.bytes = LOW_DISK_BYTES - MB;
    await w.check();
    free.bytes = LOW_DISK_BYTES - 2 * MB;
    await w.check();
    expect(told).toEqual([{ state: 'low', freeBytes: LOW_DISK_BYTES - MB }]);

    free.bytes = FULL_DISK_BYTES - 1;
    await w.check();
    free.bytes = 2_000 * MB;
    await w.check();
    expect(told.map((s) => s.state)).toEqual(['low', 'full', 'ok']);
  });

  it('a write SQLite refused for lack of room says "full" at once, and holds until a reading shows room past the warning line', async () => {
    // Room the disk reports but SQLite cannot use (a quota, a file-size limit): the refusal stands.
    const free = { bytes: 200 * MB };
    const { told, watch: w } = watchOver(free);
    await w.start();
    w.writeFailedForSpace();
    expect(w.current.state).toBe('full');
    await w.check();
    expect(w.current.state).toBe('full');

    free.bytes = 5_000 * MB;
    await w.check();
    expect(w.current).toEqual({ state: 'ok', freeBytes: 5_000 * MB });
    expect(told.map((s) => s.state)).toEqual(['low', 'full', 'ok']);
  });

  it('reads the real disk of a real folder', async () => {
    const told: DiskSpace[] = [];
    watch = new DiskSpaceWatch({ dir: tmpdir(), onChange: (space) => told.push(space) });
    await watch.start();
    expect(watch.current.freeBytes).toBeGreaterThan(0);
  });

  it('says nothing when the folder cannot be read', async () => {
    const told: DiskSpace[] = [];
    watch = new DiskSpaceWatch({ dir: '/no/such/folder/helena', onChange: (space) => told.push(space) });
    await watch.start();
    expect(told).toEqual([]);
    expect(watch.current).toEqual({ state: 'ok', freeBytes: null });
  });
});

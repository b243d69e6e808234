import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxClock } from './clock';
import { openSandboxDb } from './db';
import { EventLog, type LoggedEvent } from './event-log';

const all = { kind: 'all' } as const;
const flushed = () => new Promise((resolve) => setImmediate(resolve));

function memoryLog(maxEvents?: number) {
  const db = openSandboxDb(null);
  return { db, log: new EventLog(db, new SandboxClock(), { maxEvents }) };
}

describe('EventLog', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('gives growing offsets and replays in order after an offset', () => {
    const { log } = memoryLog();
    const offsets = [1, 2, 3].map((n) => log.append('CONTACT_NEW', { n }, all).offset);
    expect(offsets).toEqual([1, 2, 3]);
    expect(log.after(1)?.map((e) => e.content)).toEqual([{ n: 2 }, { n: 3 }]);
    expect(log.after(0, 2)?.map((e) => e.offset)).toEqual([1, 2]);
    expect(log.after(3)).toEqual([]);
  });

  it('reports a gap once events after the offset were trimmed, even when nothing is left', () => {
    const { log } = memoryLog();
    for (let i = 0; i < 5; i++) log.append('CONTACT_NEW', { i }, all);
    log.trimThrough(2);
    expect(log.after(2)?.map((e) => e.offset)).toEqual([3, 4, 5]);
    expect(log.after(1)).toBeNull();
    log.trimThrough(5);
    expect(log.lastOffset()).toBe(5);
    expect(log.after(5)).toEqual([]);
    expect(log.after(4)).toBeNull();
    expect(log.append('CONTACT_NEW', {}, all).offset).toBe(6);
  });

  it('treats an offset beyond the log (another or a reset server) as a gap', () => {
    const { log } = memoryLog();
    log.append('CONTACT_NEW', {}, all);
    expect(log.after(7)).toBeNull();
    expect(log.reaches(1)).toBe(true);
  });

  it('trims the oldest events beyond maxEvents', () => {
    const { db, log } = memoryLog(10);
    for (let i = 0; i < 25; i++) log.append('CONTACT_NEW', { i }, all);
    const count = db.prepare('SELECT COUNT(*) AS n FROM event_log').get() as { n: number };
    expect(count.n).toBe(10);
    expect(log.after(15)?.map((e) => e.offset)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(log.after(14)).toBeNull();
  });

  it('keeps offsets growing across a restart with a data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'event-log-'));
    dirs.push(dir);
    const db1 = openSandboxDb(dir);
    const log1 = new EventLog(db1, new SandboxClock());
    log1.append('CONTACT_NEW', {}, all);
    log1.append('CONTACT_NEW', {}, all);
    log1.trimThrough(2);
    db1.close();
    const db2 = openSandboxDb(dir);
    const log2 = new EventLog(db2, new SandboxClock());
    expect(log2.lastOffset()).toBe(2);
    expect(log2.append('CONTACT_NEW', {}, all).offset).toBe(3);
    expect(log2.after(1)).toBeNull();
    db2.close();
  });

  it('tells listeners of committed events only, in order, once each', async () => {
    const { db, log } = memoryLog();
    const seen: LoggedEvent[] = [];
    log.subscribe((e) => seen.push(e));
    log.append('CONTACT_NEW', { a: 1 }, all);
    expect(seen).toEqual([]); // told after the current transaction, not inside it
    const failing = db.transaction(() => {
      log.append('CONTACT_UPDATE', { rolledBack: true }, all);
      throw new Error('change refused');
    });
    expect(() => failing()).toThrow('change refused');
    log.append('CONTACT_UPDATE', { b: 2 }, all);
    await flushed();
    expect(seen.map((e) => [e.offset, e.content])).toEqual([
      [1, { a: 1 }],
      [2, { b: 2 }],
    ]);
  });

  it('dispatches events that a listener appends while being told', async () => {
    const { log } = memoryLog();
    const seen: number[] = [];
    log.subscribe((e) => {
      seen.push(e.offset);
      if (e.offset === 1) log.append('CONTACT_UPDATE', {}, all);
    });
    log.append('CONTACT_NEW', {}, all);
    await flushed();
    await flushed();
    expect(seen).toEqual([1, 2]);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReceivedFileCache } from './received-file-cache';

const DAY = 24 * 60 * 60 * 1000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'received-cache-'));
  dirs.push(dir);
  return join(dir, 'received');
}

const key = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the cache of received files', () => {
  it('gives back what it kept, and nothing for a key that is not a uuid', () => {
    const cache = new ReceivedFileCache(folder());
    expect(cache.read(key(1))).toBeNull();
    cache.write(key(1), Buffer.from('comprovante'));
    expect(cache.read(key(1))?.toString()).toBe('comprovante');
    expect(cache.read(key(1).toUpperCase())?.toString()).toBe('comprovante');
    expect(() => cache.read('../../etc/passwd')).toThrow(/not a uuid/);
  });

  it('keeps at most its byte budget, dropping the least recently opened first, never the file just written', () => {
    let now = 1_000 * DAY;
    const cache = new ReceivedFileCache(folder(), { maxBytes: 250, maxAgeMs: 30 * DAY }, () => now);
    cache.write(key(1), Buffer.alloc(100));
    now += 1000;
    cache.write(key(2), Buffer.alloc(100));
    now += 1000;
    cache.read(key(1)); // opened again: now the most recent of the two
    now += 1000;
    cache.write(key(3), Buffer.alloc(100));
    expect(cache.read(key(2))).toBeNull();
    expect(cache.read(key(1))).not.toBeNull();
    expect(cache.read(key(3))).not.toBeNull();
    // Bigger than the whole budget: kept (it is being opened), the others go.
    cache.write(key(4), Buffer.alloc(300));
    expect(cache.read(key(4))).not.toBeNull();
    expect(cache.read(key(1))).toBeNull();
  });

  it('drops files not opened for longer than the age bound, on first use too', () => {
    const dir = folder();
    let now = 1_000 * DAY;
    new ReceivedFileCache(dir, { maxBytes: 1e9, maxAgeMs: 30 * DAY }, () => now).write(key(1), Buffer.from('velho'));
    now += 31 * DAY;
    const later = new ReceivedFileCache(dir, { maxBytes: 1e9, maxAgeMs: 30 * DAY }, () => now);
    expect(later.read(key(1))).toBeNull();
    expect(existsSync(join(dir, `${key(1)}.bin`))).toBe(false);
  });

  it('deletes only its own files: not links, folders or anything else in the folder; stale temp files go', () => {
    const dir = folder();
    mkdirSync(dir, { recursive: true });
    const outside = join(dir, '..', 'precious.txt');
    writeFileSync(outside, 'do not touch');
    writeFileSync(join(dir, 'notes.txt'), 'x'.repeat(1000));
    symlinkSync(outside, join(dir, `${key(9)}.bin`));
    mkdirSync(join(dir, `${key(8)}.bin`));
    const stale = join(dir, `${key(7)}.${key(6)}.tmp`);
    writeFileSync(stale, 'half');
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(stale, old, old);
    const cache = new ReceivedFileCache(dir, { maxBytes: 10, maxAgeMs: 0 });
    cache.write(key(1), Buffer.alloc(5));
    expect(readdirSync(dir).sort()).toEqual([`${key(1)}.bin`, `${key(8)}.bin`, `${key(9)}.bin`, 'notes.txt'].sort());
    expect(existsSync(outside)).toBe(true);
  });
});

/**
 * The ceiling any contact ingest can reach on this machine: the same contacts written as bare rows
 * (the DTO's fields, one UNIQUE id index, batches in one transaction, the cache's pragmas) with no
 * derived keys and no search index. Printed beside our ingest rate so the gap that search
 * indexing costs, and the headroom left, are read off one run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ContactDTO } from '../src/api/helena-dto';
import { openDatabase } from '../src/store/db';

export function bareRowsRate(batches: Iterable<readonly ContactDTO[]>, cacheSizeKiB: number): { perSecond: number; count: number } {
  const dir = mkdtempSync(join(tmpdir(), 'helena-bench-bare-'));
  const { db } = openDatabase({ location: dir, cacheSizeKiB });
  try {
    db.exec(`CREATE TABLE bare_contacts (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT, phone TEXT, email TEXT, instagram TEXT,
      annotation TEXT, tag_ids TEXT, tag_names TEXT, custom_fields TEXT, status TEXT, origin TEXT,
      created_at TEXT, updated_at TEXT) STRICT`);
    const insert = db.prepare(
      `INSERT INTO bare_contacts (id, name, phone, email, instagram, annotation, tag_ids, tag_names, custom_fields, status, origin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name WHERE excluded.updated_at >= bare_contacts.updated_at`,
    );
    const write = db.transaction((batch: readonly ContactDTO[]) => {
      for (const c of batch) {
        insert.run(
          c.id, c.name, c.phoneNumber, c.email, c.instagram ?? null, c.annotation ?? null,
          JSON.stringify(c.tagIds ?? []), JSON.stringify(c.tagNames ?? []), JSON.stringify(c.customFields ?? {}),
          c.status, c.origin ?? null, c.createdAt, c.updatedAt,
        );
      }
    });
    let count = 0;
    let ms = 0;
    for (const batch of batches) {
      const started = performance.now();
      write(batch);
      ms += performance.now() - started;
      count += batch.length;
    }
    return { perSecond: count / (ms / 1000), count };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

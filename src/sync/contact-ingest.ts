/**
 * The path every synced contact page takes into the cache. Pages of 100 arrive one by one; the
 * store is much cheaper per contact in big batches (one transaction, set-wise index updates), so
 * pages are buffered and written a few thousand at a time. The bench feeds pre-fetched pages
 * through this same class to measure ingest apart from the network.
 */
import type { ContactDTO } from '../api/helena-dto';
import type { Store } from '../store';

/**
 * A batch is one transaction, and the core answers nothing else while it runs: during a first sync
 * the window's requests wait behind it. Measured on this machine (npm run bench -- shell / sync,
 * same day): 1,000 → longest write 63 ms, the window's request p99 61 ms; 5,000 → 241 ms and
 * 188 ms. Per contact 1,000 is 10-25% slower (25,000 vs 28,000-33,000 contacts/s), which a first
 * sync never feels: the network brings ~4,000 contacts/s at the account's rate limit (first sync
 * 98 % of the allowed rate either way). Resumable progress is recorded per batch too (pass-progress.ts).
 */
export const DEFAULT_CONTACT_BATCH = 1_000;

export class ContactIngest {
  private buffer: ContactDTO[] = [];
  private maxUpdatedAt: string | null = null;
  private written = 0;

  /** `afterWrite` runs in each batch's transaction (a pull records how far it got there). */
  constructor(
    private readonly store: Store,
    private readonly batchSize = DEFAULT_CONTACT_BATCH,
    private readonly afterWrite?: () => void,
  ) {}

  /** Adds a page; writes to the store once the buffer holds a batch. */
  add(contacts: readonly ContactDTO[]): void {
    for (const c of contacts) {
      if (this.maxUpdatedAt === null || c.updatedAt > this.maxUpdatedAt) this.maxUpdatedAt = c.updatedAt;
      this.buffer.push(c);
    }
    if (this.buffer.length >= this.batchSize) this.flush();
  }

  /** Writes what is buffered. Returns the number of contacts written so far. */
  flush(): number {
    if (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      if (this.afterWrite) {
        const afterWrite = this.afterWrite;
        this.store.transaction(() => {
          this.store.contacts.upsertContacts(batch);
          afterWrite();
        });
      } else {
        this.store.contacts.upsertContacts(batch);
      }
      this.written += batch.length;
    }
    return this.written;
  }

  /** Newest updatedAt seen (the delta cursor once everything is flushed). */
  get newestUpdatedAt(): string | null {
    return this.maxUpdatedAt;
  }

  get count(): number {
    return this.written + this.buffer.length;
  }
}

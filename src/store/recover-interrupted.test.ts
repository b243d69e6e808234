/**
 * A failure half-way through recovery must leave either the old file in place or a working
 * new one with the queue; never a fresh empty cache with the queue stranded in danificado-*.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgentDTO } from '../api/helena-dto';
import { DEFAULT_DB_FILE } from './db';
import { DAMAGED_FOLDER_PREFIX, openStoreRecovering } from './recover';
import * as storeModule from './store';
import { uuid } from './test-fixtures';

vi.mock('./store', async (importOriginal) => {
  const actual = await importOriginal<typeof import('./store')>();
  return { ...actual, openStore: vi.fn(actual.openStore) };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const AGENT: AgentDTO = { id: uuid(), userId: uuid(), name: 'Ana', email: 'ana@x.com', phoneNumber: null, profile: 'Agent', departments: [] };

function cacheWithQueue(): string {
  const dir = mkdtempSync(join(tmpdir(), 'helena-recover-review-'));
  dirs.push(dir);
  const store = storeModule.openStore({ location: dir });
  store.directory.setMe(AGENT);
  store.outbox.enqueue({
    message: { localId: uuid(), refId: uuid(), conversationKey: 's1', sessionId: 's1', text: 'só aqui', templateId: null, parameters: null, createdAt: '2024-01-01T00:00:00Z', userId: AGENT.userId },
    payload: { kind: 'text', body: { text: 'só aqui', refId: '' } },
  });
  store.close();
  // Destroy the header: SQLITE_NOTADB at open.
  const fd = openSync(join(dir, DEFAULT_DB_FILE), 'r+');
  writeSync(fd, Buffer.alloc(100, 0xa5), 0, 100, 0);
  closeSync(fd);
  return dir;
}

describe('recovery interrupted after the file was set aside', () => {
  it('the fresh database failing to open (disk full) does not strand the queue: the next start still recovers it', () => {
    const dir = cacheWithQueue();
    const openStore = vi.mocked(storeModule.openStore);
    const real = openStore.getMockImplementation()!;
    // 1st call: the damaged file (real, throws SQLITE_NOTADB); 2nd call: the fresh file, refused by a full disk.
    openStore.mockImplementationOnce(real).mockImplementationOnce(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    expect(() => openStoreRecovering({ location: dir })).toThrow();
    expect(readdirSync(dir).filter((n) => n.startsWith(DAMAGED_FOLDER_PREFIX))).toHaveLength(1);

    // The agent frees space and starts again.
    const { store, recovery } = openStoreRecovering({ location: dir });
    try {
      // Either recovery happens now, or the queued message is there: it must not be silently gone.
      expect(store.outbox.pending()).toHaveLength(1);
      expect(recovery).not.toBeNull();
    } finally {
      store.close();
    }
  });

  it('the salvage transaction failing (disk full) does not strand the queue: the next start copies it back, or the agent is told it was not', () => {
    const dir = cacheWithQueue();
    const openStore = vi.mocked(storeModule.openStore);
    const real = openStore.getMockImplementation()!;
    openStore.mockImplementationOnce(real).mockImplementationOnce((options) => {
      const fresh = real(options);
      return {
        ...fresh,
        transaction: () => {
          throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        },
      };
    });
    const first = openStoreRecovering({ location: dir });
    const told = first.recovery;
    first.store.close();
    // What the agent is told: nothing was lost? The copy really held 1 queued message.
    const agentWarned = (told?.messages ?? 0) > 0 || (told?.unreadable.length ?? 0) > 0;

    const again = openStoreRecovering({ location: dir });
    try {
      const recoveredLater = again.store.outbox.pending().length === 1;
      expect(agentWarned || recoveredLater).toBe(true);
    } finally {
      again.store.close();
    }
  });
});

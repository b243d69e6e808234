import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type RunningSandbox } from '../app';
import { seedReceptiveDemo } from './receptive-demo';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

describe('receptive demo', () => {
  it('opens three waiting conversations that the contacts started, once: a restart adds none', async () => {
    sandbox = await createSandbox({ port: 0, dataDir: null, verbose: false });
    expect(seedReceptiveDemo(sandbox.ctx)).toBe(3);
    const rows = sandbox.ctx.db
      .prepare<[], { status: string; user_id: string | null; unread: number }>('SELECT status, user_id, unread_count AS unread FROM sessions')
      .all();
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ status: 'PENDING', user_id: null, unread: 1 })));
    expect(seedReceptiveDemo(sandbox.ctx)).toBe(0);
  });
});

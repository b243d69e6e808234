import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type RunningSandbox } from '../app';
import { seedReceptiveDemo, seedVoiceNoteDemo } from './receptive-demo';

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

  it('gives Fábio a voice note on a fresh sandbox only', async () => {
    sandbox = await createSandbox({ port: 0, dataDir: null, verbose: false });
    seedVoiceNoteDemo(sandbox.ctx, sandbox.url, seedReceptiveDemo(sandbox.ctx));
    seedVoiceNoteDemo(sandbox.ctx, sandbox.url, seedReceptiveDemo(sandbox.ctx));
    const notes = sandbox.ctx.db
      .prepare<[], { type: string; name: string; mime: string; url: string }>("SELECT type, file_name AS name, file_mime AS mime, file_url AS url FROM messages WHERE file_id IS NOT NULL")
      .all();
    expect(notes).toEqual([{ type: 'AUDIO', name: 'PTT-20261130-WA0007.opus', mime: 'audio/ogg; codecs=opus', url: expect.stringMatching(new RegExp(`^${sandbox.url}/`)) }]);
  });
});

/**
 * Electron's core runs in a process of its own (core-server.ts ⇄ core-link.ts): when its data
 * folder is held by another Helena Desk, the shell must learn that it is this (code
 * 'data_dir_locked', both languages), not just a sentence, to say "close the other copy" rather
 * than "reinstall".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAppCore } from '../console/app-core';
import { MemorySecretStore } from '../console/secret-store';
import { lockDataDir, type DataDirLock } from '../store/data-dir-lock';
import { CoreLink, CoreOpenError } from './core-link';
import { inProcessChild } from './testing/in-process-child';

const dirs: string[] = [];
const locks: DataDirLock[] = [];
const links: CoreLink[] = [];

afterEach(async () => {
  for (const link of links.splice(0)) await link.close();
  for (const lock of locks.splice(0)) lock.release();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function launch(dataDir: string): CoreLink {
  const link = CoreLink.launch({
    open: { dataDir, baseUrl: 'http://127.0.0.1:9' },
    secrets: new MemorySecretStore(),
    log: { warn: () => undefined, error: () => undefined },
    spawn: () => inProcessChild({ open: (options, secrets) => openAppCore({ ...options, secrets }), log: () => undefined }),
  });
  links.push(link);
  return link;
}

describe('a core whose data folder another Helena Desk holds', () => {
  it('fails its first open with CoreOpenError carrying data_dir_locked and the English text', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'helena-core-locked-'));
    dirs.push(dataDir);
    const held = lockDataDir(dataDir);
    locks.push(held);

    const link = launch(dataDir);
    const failure = await link.ready.then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(CoreOpenError);
    expect(failure).toMatchObject({
      code: 'data_dir_locked',
      message: 'O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.',
      messageEn: 'Helena Desk is already open with this data folder (in another window or tab). Close the other copy and try again.',
    });

    // Let go, a new core opens on the folder.
    held.release();
    const next = launch(dataDir);
    await next.ready;
    expect(await next.handle('state.snapshot', {})).toMatchObject({ ok: true, value: { auth: 'logged_out' } });
  });
});

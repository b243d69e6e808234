/**
 * The setup screen's server, chosen while another Helena Desk holds that server's data folder: the
 * gate opens the real core (as `npm run web` does) on a folder whose lock another process holds
 * (store/testing/data-dir-lock-child.ts), and the refusal the tab shows is the core's own — code
 * 'data_dir_locked', "já está aberto… Feche a outra cópia" in pt-BR and its English — not "could
 * not open this server's data (<pt-BR reason>)". Once the other copy is gone, the same address opens.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { MemorySecretStore, openAppCore, type AppConsole } from '../console';
import { CoreOpenError } from '../host/core-link';
import { DATA_DIR_LOCKED_EN, DATA_DIR_LOCKED_PT_BR } from '../store/data-dir-locked';
import { serverDataDir } from './server-data-dir';
import { SAVED_SERVER_FILE } from './server-file';
import { ServerGate, type GatedCore } from './server-gate';
import { ServerSettings } from './server-settings';

const CHILD = join(import.meta.dirname, '../store/testing/data-dir-lock-child.ts');
// Nothing listens there: the probe is the test's, and a core that opens is closed before it needs the server.
const ADDRESS = 'http://127.0.0.1:9';

const dirs: string[] = [];
const children: ChildProcess[] = [];
const gates: ServerGate<AppConsole>[] = [];

afterEach(async () => {
  for (const gate of gates.splice(0)) await gate.close();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Another process holding the folder's lock, as another Helena Desk's core does. */
async function holder(dir: string): Promise<ChildProcess> {
  // node --import tsx rather than the tsx wrapper: the kill must reach the process holding the lock.
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  expect(line).toMatch(/^locked \d+$/);
  return child;
}

/** A gate with no server chosen yet (the first-run screen), opening real cores under `root` as scripts/web.ts does. */
async function firstRunGate(root: string): Promise<ServerGate<AppConsole>> {
  const settings = await ServerSettings.load({ envUrl: null, savedFile: join(root, SAVED_SERVER_FILE), installerFile: null, log: () => {} });
  const gate = new ServerGate<AppConsole>({
    settings,
    openCore: (server) => openAppCore({ dataDir: serverDataDir(root, server.url), baseUrl: server.url, secrets: new MemorySecretStore(), warn: () => {} }),
    probe: () => Promise.resolve({ ok: true }),
    log: { warn: () => {}, error: () => {} },
  });
  gates.push(gate);
  await gate.start();
  return gate;
}

describe('choosing a server whose data folder another Helena Desk holds', () => {
  it('answers the core\'s data_dir_locked sentence, in pt-BR and in English; once the other copy closes, the same address opens', async () => {
    const root = mkdtempSync(join(tmpdir(), 'helena-gate-locked-'));
    dirs.push(root);
    const other = await holder(serverDataDir(root, ADDRESS));
    const gate = await firstRunGate(root);

    const refused = await gate.handle('server.save', { address: ADDRESS });
    expect(refused).toEqual({ ok: false, error: { code: 'data_dir_locked', message: DATA_DIR_LOCKED_PT_BR, messageEn: DATA_DIR_LOCKED_EN } });
    expect(DATA_DIR_LOCKED_PT_BR).toBe('O Helena Desk já está aberto com esta pasta de dados (em outra janela ou aba). Feche a outra cópia e tente de novo.');
    // The core's commands meanwhile get the same sentence, not a generic one.
    expect(await gate.handle('state.snapshot', {})).toEqual(refused);

    other.kill('SIGKILL');
    await once(other, 'exit');
    const opened = await gate.handle('server.save', { address: ADDRESS });
    expect(opened.ok).toBe(true);
    expect(await gate.core()).not.toBeNull();
  });
});

describe('the refusal when a core does not open, as the setup screen shows it', () => {
  /** A first-run gate whose core fails to open with `error`; answers what server.save says. */
  async function saveWhenOpenFails(error: Error) {
    const root = mkdtempSync(join(tmpdir(), 'helena-gate-open-'));
    dirs.push(root);
    const settings = await ServerSettings.load({ envUrl: null, savedFile: join(root, SAVED_SERVER_FILE), installerFile: null, log: () => {} });
    const gate = new ServerGate<GatedCore>({
      settings,
      openCore: () => Promise.reject(error),
      probe: () => Promise.resolve({ ok: true }),
      log: { warn: () => {}, error: () => {} },
    });
    return gate.handle('server.save', { address: ADDRESS });
  }

  it('Electron: the core process\'s CoreOpenError with the data_dir_locked code says the same sentence', async () => {
    const answer = await saveWhenOpenFails(new CoreOpenError(DATA_DIR_LOCKED_PT_BR, 'data_dir_locked', DATA_DIR_LOCKED_EN));
    expect(answer).toEqual({ ok: false, error: { code: 'data_dir_locked', message: DATA_DIR_LOCKED_PT_BR, messageEn: DATA_DIR_LOCKED_EN } });
  });

  it('any other failure stays "could not open", with the core\'s English reason in English', async () => {
    const answer = await saveWhenOpenFails(new CoreOpenError('o disco está cheio', 'store', 'the disk is full'));
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'server.open_failed',
        message: 'Não foi possível abrir os dados deste servidor neste computador (o disco está cheio). Feche e abra o Helena Desk; se continuar, avise o suporte.',
        messageEn: "This server's data could not be opened on this computer (the disk is full). Close and open Helena Desk; if it goes on, tell support.",
      },
    });
  });
});

/**
 * For tests of electron/main.ts: a fresh main with a fresh stand-in electron module. main.ts keeps
 * its state in module scope, as in a real run, so each test imports it anew.
 */
import { vi } from 'vitest';

export type ElectronStub = typeof import('./electron-stub');

export async function loadMain(userData: string, arrange: (electron: ElectronStub) => void = () => {}): Promise<ElectronStub> {
  vi.resetModules();
  const electron = await import('./electron-stub');
  electron.resetElectronStub();
  electron.stub.paths.userData = userData;
  arrange(electron);
  await import('../main');
  return electron;
}

/**
 * How both shells build the core for a real agent: the Electron core process and the web host
 * (`npm run web`) call openAppCore with their own secret store, so the app behaves the same in a
 * window and in a browser tab. Its configuration (HELENA_URL, HELENA_PRICES) is read by app-config.ts.
 */
import { DEFAULT_PRICES, type PriceTable } from '../domain/cost';
import { HelenaConsole } from './console';
import { realEngines } from './real-engines';
import type { SecretStore } from './secret-store';

// The configuration readers live apart (app-config.ts) so the Electron main process can use them
// without bundling the whole core, which runs in a process of its own.
export { AppConfigError, backendUrlFrom, pricesFrom } from './app-config';

export interface AppCoreOptions {
  /** Folder of the local cache (the app's user-data folder). */
  dataDir: string;
  baseUrl: string;
  secrets: SecretStore;
  prices?: PriceTable;
  /** better-sqlite3 built for the running runtime (Electron); Node's own otherwise. */
  nativeBinding?: string;
}

export async function openAppCore(options: AppCoreOptions): Promise<HelenaConsole> {
  const core = new HelenaConsole({ secrets: options.secrets, prices: options.prices ?? DEFAULT_PRICES, engines: realEngines() });
  await core.open({
    location: options.dataDir,
    baseUrl: options.baseUrl,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  return core;
}

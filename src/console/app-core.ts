/**
 * How both shells build the core for a real agent: the Electron core process and the web host
 * (`npm run web`) call openAppCore with their own secret store, so the app behaves the same in a
 * window and in a browser tab. Its configuration (HELENA_URL, HELENA_PRICES) is read by app-config.ts.
 */
import { DEFAULT_PRICES, type PriceTable } from '../domain/cost';
import { createSwitchableRoute, type SwitchableRoute } from '../net/net-route';
import { HelenaConsole } from './console';
import { realEngines } from './real-engines';
import type { SecretStore } from './secret-store';

// The configuration readers live apart (app-config.ts) so the Electron main process can use them
// without bundling the whole core, which runs in a process of its own.
export { AppConfigError, backendUrlFrom, extraCaFrom, pricesFrom, proxyEnvFrom } from './app-config';

export interface AppCoreOptions {
  /** Folder of the local cache (the app's user-data folder). */
  dataDir: string;
  baseUrl: string;
  secrets: SecretStore;
  prices?: PriceTable;
  /** better-sqlite3 built for the running runtime (Electron); Node's own otherwise. */
  nativeBinding?: string;
  /** The proxy the shell chose for this server (net/proxy-config.ts chooseProxy); direct when absent. */
  proxyUrl?: string;
  /** HELENA_CA_FILE's certificates, read and checked by the shell (net/trust.ts readCaFile). */
  extraCa?: string;
  /** Where a problem building the route is reported (an OS certificate store that cannot be read). */
  warn?: (message: string) => void;
  /** The cache's migrations are about to run (OpenOptions.onUpgrading). */
  onUpgrading?: () => void;
}

/** What the shell says when the network may have changed (host/core-protocol.ts 'network-changed'). */
export interface NetworkChange {
  /** The proxy chosen again for this server (net/proxy-config.ts chooseProxy); null: direct. */
  proxyUrl: string | null;
  /** Since the first sign of the change: a socket that heard HelenaCRM within it is alive and kept. */
  aliveWithinMs: number;
}

/** The core as both shells open it: HelenaConsole, plus the network it goes out by. */
export class AppConsole extends HelenaConsole {
  constructor(
    options: ConstructorParameters<typeof HelenaConsole>[0],
    private readonly route: SwitchableRoute,
  ) {
    super(options);
  }

  /**
   * Takes the proxy chosen again, closes connections the change left dead, and checks the connection
   * now. Async so that a route refusing the proxy rejects (the link answers it) rather than throwing
   * out of the message handler and taking the core down.
   */
  async networkChanged(change: NetworkChange): Promise<void> {
    const rerouted = this.route.use(change.proxyUrl);
    if (rerouted) console.info(`a rede mudou; conexões com o HelenaCRM agora: ${this.route.describe}`);
    else this.route.dropIdleConnections();
    // Another way out: the socket, alive or not, still goes the old way until it is dialled again.
    return this.checkConnectionNow(change.aliveWithinMs, { rerouted });
  }
}

export async function openAppCore(options: AppCoreOptions): Promise<AppConsole> {
  // Built here, once per core: every connection of this core (REST, socket, files) goes this way,
  // and through the proxy chosen last when the network changes (networkChanged).
  const route = createSwitchableRoute({
    proxyUrl: options.proxyUrl ?? null,
    extraCa: options.extraCa ?? null,
    warn: options.warn ?? ((message) => console.warn(message)),
  });
  if (!route.plain) console.info(`conexões com o HelenaCRM: ${route.describe}`);
  const core = new AppConsole({ secrets: options.secrets, prices: options.prices ?? DEFAULT_PRICES, engines: realEngines(), client: { route } }, route);
  await core.open({
    location: options.dataDir,
    baseUrl: options.baseUrl,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.onUpgrading ? { onUpgrading: options.onUpgrading } : {}),
  });
  return core;
}

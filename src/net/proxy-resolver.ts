/**
 * What a shell asks when it opens a core or probes an address: the proxy for this server, from
 * the environment (read at start) or the system's answer (Electron: Chromium's
 * session.resolveProxy, which runs the PAC script or WPAD), decided once per server and logged —
 * masked — so support can tell which way the app went. The system is asked each time a server is
 * opened, and again whenever the network may have changed (network-watch.ts): a laptop carried from
 * the office's proxy to home goes direct without a restart. A choice is logged when it changes.
 */
import { chooseProxy, maskProxyUrl, type ProxyChoice, type ProxyEnv } from './proxy-config';

export interface ProxyResolverLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface ProxyResolverOptions {
  env: ProxyEnv;
  /** The system's PAC result for a URL; absent where there is no such thing (the web host). */
  system?: (url: string) => Promise<string>;
  /** How long the system may take (a PAC script fetched over a slow network) before going direct. Default 15 s. */
  timeoutMs?: number;
  log: ProxyResolverLog;
}

export type ProxyResolver = (serverUrl: string) => Promise<ProxyChoice>;

const SOURCE_NAMES: Record<ProxyChoice['source'], string> = {
  HELENA_PROXY: 'HELENA_PROXY',
  HTTPS_PROXY: 'HTTPS_PROXY',
  HTTP_PROXY: 'HTTP_PROXY',
  system: 'configuração do sistema',
  none: 'configuração do sistema',
};

export function proxyResolver(options: ProxyResolverOptions): ProxyResolver {
  // The probe and the core's open ask for the same server in a row, and every change of network asks
  // again: each warning is logged once, and the choice when it differs from the last for that host.
  const told = new Set<string>();
  const lastChoice = new Map<string, string>();
  const tell = (line: string, level: 'info' | 'warn'): void => {
    if (told.has(line)) return;
    told.add(line);
    options.log[level](line);
  };
  return async (serverUrl) => {
    const host = safeHost(serverUrl);
    let system: string | null = null;
    if (options.env.explicit === undefined && options.system) {
      try {
        system = await withTimeout(options.system(serverUrl), options.timeoutMs ?? 15_000);
      } catch (error) {
        tell(`a configuração de proxy do sistema não respondeu para ${host} (${error instanceof Error ? error.message : String(error)}): conexão direta`, 'warn');
      }
    }
    const choice = chooseProxy(serverUrl, options.env, system);
    for (const note of choice.notes) tell(`${note} (${host})`, 'warn');
    const how = choice.url === null ? 'direto (sem proxy)' : `pelo proxy ${maskProxyUrl(choice.url)}`;
    const why = choice.source === 'none' && system === null ? 'nenhum proxy configurado' : `conforme ${SOURCE_NAMES[choice.source]}`;
    const line = `conexão com ${host}: ${how}, ${why}`;
    if (lastChoice.get(host) !== line) {
      lastChoice.set(host, line);
      options.log.info(line);
    }
    return choice;
  };
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 80);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sem resposta em ${Math.round(ms / 1000)} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

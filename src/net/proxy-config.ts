/**
 * Which proxy HelenaCRM is reached through. Node (where the core runs) ignores the computer's
 * proxy settings — the Windows proxy, a PAC script, WPAD — so without this a call center behind a
 * proxy cannot reach HelenaCRM at all. The Electron shell asks Chromium, which knows them
 * (`session.resolveProxy(url)` answers a PAC result such as "PROXY proxy.corp:8080; DIRECT"), and
 * this turns that answer, or an explicit setting in the environment, into the one proxy every
 * outgoing connection of the core uses (net-route.ts).
 *
 * In this order:
 *   1. HELENA_PROXY — IT's explicit choice: `http://[user:pass@]host:port`, `https://…`, or `direct`;
 *      it applies to every address, this computer's included;
 *   2. HTTPS_PROXY / HTTP_PROXY with NO_PROXY, only where the shell says the conventional variables
 *      count (`npm start`, `npm run web`): a developer's terminal, not an agent's desktop, where a
 *      variable some other tool left behind would beat the OS settings;
 *   3. the system's answer (Chromium's), first usable entry;
 *   4. direct.
 *
 * Proxy URLs may hold credentials: they are never logged or shown (maskProxyUrl, proxyHost).
 */

/** A proxy URL as the agents take it (`http:` or `https:`, maybe `user:pass@`), or null for direct. */
export type ProxyUrl = string | null;

export type ProxySource = 'HELENA_PROXY' | 'HTTPS_PROXY' | 'HTTP_PROXY' | 'system' | 'none';

export interface ProxyChoice {
  /** Holds the credentials when there are any: pass it to createNetRoute, log `maskProxyUrl(url)`. */
  url: ProxyUrl;
  source: ProxySource;
  /** Entries of the system's answer passed over and why (SOCKS…), for one log line each. */
  notes: string[];
}

/** What the environment says, read once at start (readProxyEnv) so a bad value stops the app at once. */
export interface ProxyEnv {
  /** HELENA_PROXY: a proxy, `null` for "direct", `undefined` when unset. */
  explicit: ProxyUrl | undefined;
  /** The conventional variables, when they count here. */
  conventional: { https: ProxyUrl; http: ProxyUrl; noProxy: string[] } | null;
}

export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';
}

export const NO_PROXY_ENV: ProxyEnv = { explicit: undefined, conventional: null };

type Env = Record<string, string | undefined>;

function envValue(env: Env, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * HELENA_PROXY and, when `conventional`, HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), checked.
 * Throws ProxyConfigError (pt-BR, naming the variable, never its credentials) for a value that is
 * not a usable proxy.
 */
export function readProxyEnv(env: Env, options: { conventional: boolean }): ProxyEnv {
  const helena = envValue(env, 'HELENA_PROXY');
  const explicit = helena === undefined ? undefined : proxyUrlFrom(helena, 'HELENA_PROXY');
  if (!options.conventional) return { explicit, conventional: null };
  const https = envValue(env, 'HTTPS_PROXY', 'https_proxy');
  const http = envValue(env, 'HTTP_PROXY', 'http_proxy');
  const noProxy = envValue(env, 'NO_PROXY', 'no_proxy') ?? '';
  return {
    explicit,
    conventional: {
      https: https === undefined ? null : proxyUrlFrom(https, 'HTTPS_PROXY'),
      http: http === undefined ? null : proxyUrlFrom(http, 'HTTP_PROXY'),
      noProxy: noProxy
        .split(/[\s,]+/)
        .map((entry) => entry.trim().toLowerCase())
        .filter((entry) => entry !== ''),
    },
  };
}

/**
 * A proxy setting as IT writes it: `http://host:port`, `https://…`, with `user:pass@` or not, or a
 * bare `host:port` (taken as http, as curl does); `direct` / `none` mean no proxy (null).
 */
export function proxyUrlFrom(value: string, variable: string): ProxyUrl {
  const text = value.trim();
  if (/^(direct|none)$/i.test(text)) return null;
  if (/^socks/i.test(text)) {
    throw new ProxyConfigError(`${variable} aponta para um proxy SOCKS, que o Helena Desk não suporta. Use um proxy HTTP (http://host:porta) ou "direct".`);
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ProxyConfigError(`${variable} não é um endereço de proxy válido. Use http://host:porta (com usuário:senha@ antes do host, se o proxy pedir) ou "direct".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProxyConfigError(`${variable} precisa começar com http:// ou https:// (o Helena Desk fala com proxies HTTP), ou ser "direct".`);
  }
  if (url.hostname === '') throw new ProxyConfigError(`${variable} não diz o host do proxy. Use http://host:porta.`);
  return canonical(url);
}

/** protocol://[user[:pass]@]host[:port], credentials kept as the URL encodes them (the agent decodes). */
function canonical(url: URL): string {
  const credentials = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${credentials}${url.host}`;
}

/** The proxy for logs: `http://***@proxy.corp:3128` — the host, never the user or the password. */
export function maskProxyUrl(url: ProxyUrl): string {
  if (url === null) return 'direto (sem proxy)';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.username || parsed.password ? '***@' : ''}${parsed.host}`;
  } catch {
    return '(proxy ilegível)';
  }
}

/** host:port of the proxy, for the agent's messages ("pelo proxy proxy.corp:3128"). */
export function proxyHost(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? parsed.host : `${parsed.host}:${parsed.protocol === 'https:' ? 443 : 80}`;
  } catch {
    return '(proxy)';
  }
}

export interface PacResult {
  url: ProxyUrl;
  /** Entries passed over before the one used, and why. */
  notes: string[];
}

/**
 * The first entry of a PAC result this app can use: `DIRECT`, `PROXY host:port` (also `HTTP`) or
 * `HTTPS host:port`. SOCKS (and QUIC) are passed over — https-proxy-agent speaks HTTP CONNECT only —
 * with a note saying so; with nothing usable left the answer is direct, which is what a PAC result
 * ending in DIRECT says anyway, and the best chance otherwise.
 */
export function parsePacResult(result: string): PacResult {
  const notes: string[] = [];
  for (const raw of result.split(';')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = /^([A-Za-z0-9]+)(?:\s+(\S+))?$/.exec(entry);
    const keyword = match?.[1]?.toUpperCase();
    const where = match?.[2];
    if (keyword === 'DIRECT') return { url: null, notes };
    if (keyword === 'PROXY' || keyword === 'HTTP' || keyword === 'HTTPS') {
      const url = where ? pacProxyUrl(keyword === 'HTTPS' ? 'https:' : 'http:', where) : null;
      if (url) return { url, notes };
      notes.push(`entrada "${entry.slice(0, 80)}" do proxy do sistema ignorada: endereço ilegível`);
      continue;
    }
    if (keyword?.startsWith('SOCKS')) {
      notes.push(`proxy ${keyword} ${where ?? ''} do sistema ignorado: o Helena Desk não suporta SOCKS (só proxy HTTP)`.replace(/\s+/g, ' ').trim());
      continue;
    }
    notes.push(`entrada "${entry.slice(0, 80)}" do proxy do sistema ignorada: tipo não suportado`);
  }
  if (notes.length > 0) notes.push('nenhum proxy utilizável na configuração do sistema: conexão direta');
  return { url: null, notes };
}

function pacProxyUrl(protocol: 'http:' | 'https:', hostPort: string): string | null {
  try {
    const url = new URL(`${protocol}//${hostPort}`);
    if (url.hostname === '' || url.pathname !== '/' || url.username || url.password) return null;
    return canonical(url);
  } catch {
    return null;
  }
}

/**
 * The proxy for connections to `targetUrl` (HelenaCRM's root): HELENA_PROXY, the conventional
 * variables where they count, the system's PAC result (`system`, null where there is none: the
 * web host), or direct.
 */
export function chooseProxy(targetUrl: string, env: ProxyEnv, system: string | null): ProxyChoice {
  if (env.explicit !== undefined) return { url: env.explicit, source: 'HELENA_PROXY', notes: [] };
  const target = new URL(targetUrl);
  if (env.conventional && !bypassed(target, env.conventional.noProxy)) {
    const secure = target.protocol === 'https:';
    const url = secure ? env.conventional.https : (env.conventional.http ?? null);
    if (url) return { url, source: secure ? 'HTTPS_PROXY' : 'HTTP_PROXY', notes: [] };
  }
  if (system !== null) {
    const pac = parsePacResult(system);
    return { url: pac.url, source: pac.url === null ? 'none' : 'system', notes: pac.notes };
  }
  return { url: null, source: 'none', notes: [] };
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * NO_PROXY as curl reads it: `*`, host names matching themselves and their subdomains (a leading
 * `.` or `*.` allowed), optionally with `:port`. This computer's own names are always direct for the
 * conventional variables, as Chromium does for the system's settings (the sandbox runs there).
 */
function bypassed(target: URL, noProxy: string[]): boolean {
  const host = target.hostname.toLowerCase();
  if (LOOPBACK.test(host)) return true;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  return noProxy.some((entry) => {
    if (entry === '*') return true;
    const [name = '', entryPort] = entry.startsWith('[') ? splitBracketed(entry) : (entry.split(':') as [string, string | undefined]);
    if (entryPort !== undefined && entryPort !== port) return false;
    const bare = name.replace(/^\*?\./, '');
    return bare !== '' && (host === bare || host.endsWith(`.${bare}`));
  });
}

function splitBracketed(entry: string): [string, string | undefined] {
  const end = entry.indexOf(']');
  const port = entry.slice(end + 1).replace(/^:/, '');
  return [entry.slice(0, end + 1), port === '' ? undefined : port];
}

/**
 * The app's configuration from the environment, read by the shells before any core exists:
 *   HELENA_URL     HelenaCRM (or sandbox) root URL
 *   HELENA_PRICES  JSON price table (category → country → {amount, currency}); the built-in one otherwise
 *   HELENA_PROXY   the proxy to HelenaCRM (http://[user:pass@]host:port, or "direct"), over the system's
 *   HELENA_CA_FILE a PEM bundle of certificates to trust besides Node's and the system's (net/trust.ts)
 * Kept apart from app-core.ts so the Electron main process does not bundle the core to read them.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PRICES, PriceTableSchema, type PriceTable } from '../domain/cost';
import { ProxyConfigError, readProxyEnv, type ProxyEnv } from '../net/proxy-config';
import { CaFileError, readCaFile } from '../net/trust';

export class AppConfigError extends Error {
  override readonly name = 'AppConfigError';
}

/** The root URL from HELENA_URL: http(s) only, no credentials or path tricks. */
export function backendUrlFrom(value: string | undefined): string {
  if (!value) throw new AppConfigError('HELENA_URL não foi definido: informe o endereço do HelenaCRM (ex.: https://api.helena.run).');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppConfigError(`HELENA_URL não é um endereço válido: ${value.slice(0, 80)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AppConfigError('HELENA_URL deve começar com https:// (ou http:// para o sandbox local).');
  if (url.username || url.password) throw new AppConfigError('HELENA_URL não pode conter usuário ou senha; o acesso é feito com o código de login.');
  return url.origin + url.pathname.replace(/\/+$/, '');
}

/** The price table from HELENA_PRICES (a JSON file), or the built-in one. A bad file is an error, not a silent default. */
export function pricesFrom(file: string | undefined): PriceTable {
  if (!file) return DEFAULT_PRICES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppConfigError(`Não foi possível ler a tabela de preços HELENA_PRICES (${file}): ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = PriceTableSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppConfigError(`Tabela de preços inválida em ${file}: ${first ? `${first.path.join('.')}: ${first.message}` : 'formato inesperado'}.`);
  }
  return parsed.data;
}

/**
 * HELENA_PROXY, and with `conventional` (a developer's `npm start` / `npm run web`) HTTPS_PROXY,
 * HTTP_PROXY and NO_PROXY, checked at start: a bad value stops the app with a sentence, as a bad
 * HELENA_URL does, instead of failing every connection later.
 */
export function proxyEnvFrom(env: Record<string, string | undefined>, conventional: boolean): ProxyEnv {
  try {
    return readProxyEnv(env, { conventional });
  } catch (error) {
    if (error instanceof ProxyConfigError) throw new AppConfigError(error.message);
    throw error;
  }
}

/** HELENA_CA_FILE's certificates, read once and checked; null when unset. */
export function extraCaFrom(file: string | undefined): string | null {
  if (!file?.trim()) return null;
  try {
    return readCaFile(file.trim());
  } catch (error) {
    if (error instanceof CaFileError) throw new AppConfigError(error.message);
    throw error;
  }
}

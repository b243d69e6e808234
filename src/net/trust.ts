/**
 * Which certificate authorities the core's TLS connections trust. Node trusts only the list it
 * was built with (Mozilla's), never the computer's own store — and the computer's store is where a
 * company's IT installs its root when the proxy inspects TLS (it re-signs every site with that
 * root). Chromium trusts it, so the company's browsers work while the core would refuse HelenaCRM
 * as "not trusted". So the core trusts, besides Node's list:
 *   - the system store, where the running Node can read it (tls.getCACertificates('system'),
 *     Node ≥ 22.15 — Electron 45's Node has it; Node 20, which runs the tests, does not);
 *   - the PEM bundle IT names in HELENA_CA_FILE, read once at start and checked (readCaFile).
 * Nothing is trusted in their place: a certificate is still checked against the name and dates.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';

export class CaFileError extends Error {
  override readonly name = 'CaFileError';
}

/** A bundle of IT's certificates is a few KB; this bounds what is read and sent to the core's process. */
export const MAX_CA_BUNDLE_CHARS = 2_000_000;

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+?-----END CERTIFICATE-----/g;

/**
 * The certificates of a PEM bundle, each checked to be one (X509Certificate parses it). Throws
 * CaFileError (pt-BR, for IT) when there is none or one is damaged; `origin` names the file.
 */
export function pemCertificates(text: string, origin: string): string[] {
  const blocks = text.length > MAX_CA_BUNDLE_CHARS ? null : text.match(PEM_BLOCK);
  if (!blocks || blocks.length === 0) {
    throw new CaFileError(
      `${origin} não tem nenhum certificado no formato PEM (um texto que começa com -----BEGIN CERTIFICATE-----). Exporte o certificado raiz da empresa como "X.509 codificado em Base-64 (.CER)" e aponte a variável para esse arquivo.`,
    );
  }
  blocks.forEach((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new CaFileError(`O certificado nº ${index + 1} de ${origin} está danificado e não pode ser lido. Exporte-o de novo em Base-64 (PEM).`);
    }
  });
  return blocks;
}

/** HELENA_CA_FILE's certificates as one PEM text, read once and checked; CaFileError says why not. */
export function readCaFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    const why = code === 'ENOENT' ? 'o arquivo não existe' : code === 'EACCES' || code === 'EPERM' ? 'sem permissão de leitura' : (code ?? 'erro de leitura');
    throw new CaFileError(`HELENA_CA_FILE aponta para ${file}, que não pôde ser lido (${why}). Corrija o caminho do arquivo de certificados da empresa ou tire a variável.`);
  }
  return `${pemCertificates(text, `HELENA_CA_FILE (${file})`).join('\n')}\n`;
}

type CaStore = 'default' | 'system';
type GetCaCertificates = (store?: CaStore) => string[];

/** tls.getCACertificates where the running Node has it (≥ 22.15); our types are Node 20's. */
function caReader(): GetCaCertificates | null {
  const candidate = (tls as unknown as { getCACertificates?: unknown }).getCACertificates;
  return typeof candidate === 'function' ? (candidate as GetCaCertificates) : null;
}

export interface Trust {
  /**
   * One context for every TLS connection (to HelenaCRM, file hosts, an https proxy), or null when
   * there is nothing to add to Node's own list. A context rather than a `ca` list in the agents'
   * options: https.Agent puts `ca` into each connection's pool key and builds a context per
   * connection, hundreds of certificates each time.
   */
  secureContext: tls.SecureContext | null;
  /** What was added, for one log line: "repositório do sistema (180), HELENA_CA_FILE (2)". */
  added: string[];
}

export interface TrustOptions {
  /** HELENA_CA_FILE's certificates (readCaFile), or null. */
  extraCa: string | null;
  /** Tests: whether to read the system store where Node can (default true). */
  systemStore?: boolean;
  /** Where a system store that cannot be read is reported; the core then goes on without it. */
  warn?: (message: string) => void;
}

export function buildTrust(options: TrustOptions): Trust {
  const reader = options.systemStore === false ? null : caReader();
  const added: string[] = [];
  const extra: string[] = [];
  if (reader) {
    try {
      const system = reader('system');
      extra.push(...system);
      added.push(`repositório do sistema (${system.length})`);
    } catch (error) {
      options.warn?.(`o repositório de certificados do sistema não pôde ser lido: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (options.extraCa) {
    const company = pemCertificates(options.extraCa, 'HELENA_CA_FILE');
    extra.push(...company);
    added.push(`HELENA_CA_FILE (${company.length})`);
  }
  if (extra.length === 0) return { secureContext: null, added };
  // A `ca` given replaces Node's list instead of adding to it: Node's own goes first.
  const ca = [...new Set([...(reader?.('default') ?? tls.rootCertificates), ...extra])];
  return { secureContext: tls.createSecureContext({ ca }), added };
}

/**
 * electron-builder's failures, told to the person running `npm run dist` in pt-BR: what failed,
 * why in a few words, and what to do. Which download failed is known from how far the build got
 * (its hooks mark the steps), since the network error itself names only a host.
 */

/** How far electron-builder got: getting Electron, assembling the app, or one installer (target). */
export type PackagingStep = { step: 'electron' } | { step: 'app' } | { step: 'target'; target: string };

export interface FailureContext {
  electronVersion: string;
  platform: string;
  arch: string;
  /** Where the result would have gone (release/), to say that nothing was left there. */
  outputDir: string;
}

/** Raised by the package's own check (scripts/package-verify.ts): the message is already for people. */
export class PackageCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`O pacote montado não tem o que o Helena Desk precisa para abrir:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackageCheckError';
  }
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EPROTO', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
const NETWORK_TEXT = /getaddrinfo|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|socket hang up|Response code \d{3}|HTTPError|timed? ?out/i;

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isNetworkFailure(error: unknown): boolean {
  const code = codeOf(error);
  return (code !== undefined && NETWORK_CODES.has(code)) || NETWORK_TEXT.test(messageOf(error));
}

/** The first line of the message, short: electron-builder's messages run on with stacks and links. */
export function reasonOf(error: unknown): string {
  const first = messageOf(error).split('\n').map((l) => l.trim()).find(Boolean) ?? 'erro desconhecido';
  const code = codeOf(error);
  const reason = code && !first.includes(code) ? `${code}: ${first}` : first;
  return reason.length > 200 ? `${reason.slice(0, 199)}…` : reason;
}

export function describePackagingFailure(step: PackagingStep, error: unknown, ctx: FailureContext): string {
  const nothingLeft = `Nada foi gerado em ${ctx.outputDir}/.`;
  if (error instanceof PackageCheckError) return `${error.message}\nIsso é um defeito do empacotamento (electron-builder.yml ou scripts/build.ts), não do computador. ${nothingLeft}`;
  const reason = reasonOf(error);
  if (isNetworkFailure(error) && step.step === 'electron') {
    return (
      `Não foi possível baixar o Electron ${ctx.electronVersion} para ${ctx.platform}-${ctx.arch} (${reason}).\n` +
      'O npm run dist o baixa uma vez (cerca de 100 MB) e o guarda em cache para as próximas vezes. ' +
      `Verifique a conexão com a internet e rode npm run dist de novo. ${nothingLeft}`
    );
  }
  if (isNetworkFailure(error) && step.step === 'target') {
    return (
      `Não foi possível baixar as ferramentas que geram o instalador ${step.target} (${reason}).\n` +
      'O electron-builder as baixa na primeira vez. Verifique a conexão com a internet e rode npm run dist de novo; ' +
      `sem rede, npm run dist -- --dir gera só a pasta do aplicativo, sem instalador. ${nothingLeft}`
    );
  }
  const where = step.step === 'electron' ? 'ao preparar o Electron' : step.step === 'app' ? 'ao montar o aplicativo' : `ao gerar o instalador ${step.target}`;
  return `O empacotamento falhou ${where}: ${reason}\n${nothingLeft}`;
}

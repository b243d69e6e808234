/**
 * What "Copiar informações para o suporte" (tray) puts on the clipboard, and the first line of each
 * run in the log: enough for support to place a report — version, runtime, system, which server,
 * where the log is — and nothing of the agent's: no token, no login, no contact.
 */
import os from 'node:os';
import { app } from 'electron';

export interface SupportFacts {
  /** The chosen server's host (ServerGate's state), null while none is chosen. */
  server: string | null;
  logFile: string | null;
}

export function runtimeSummary(): string {
  const { electron, chrome } = process.versions;
  return `Helena Desk ${app.getVersion()} · Electron ${electron ?? '?'} (Chrome ${chrome ?? '?'}) · ${os.type()} ${os.release()} ${process.arch}`;
}

export function supportInfo(facts: SupportFacts): string {
  return [runtimeSummary(), `Servidor: ${facts.server ?? 'nenhum escolhido'}`, `Registros: ${facts.logFile ?? 'sem arquivo de registros'}`].join('\n');
}

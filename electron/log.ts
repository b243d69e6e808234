/**
 * The shell's log lines, to stderr (the terminal of `npm start`, the system log when packaged).
 * Only messages and error names/messages go through here: never command inputs, results or
 * tokens, which is why there is no generic "log this object" helper.
 */
function describe(detail: unknown): string {
  if (detail === undefined) return '';
  if (detail instanceof Error) return ` (${detail.name}: ${detail.message})`;
  return ` (${String(detail)})`;
}

export const log = {
  info(message: string): void {
    console.error(`[helena-desk] ${message}`);
  },
  warn(message: string, detail?: unknown): void {
    console.error(`[helena-desk] aviso: ${message}${describe(detail)}`);
  },
  error(message: string, detail?: unknown): void {
    console.error(`[helena-desk] erro: ${message}${describe(detail)}`);
  },
};

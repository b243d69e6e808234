/**
 * The shell's app.* commands about its window and computer, answered before anything reaches the
 * server gate or the core (there may be no core; neither concerns it): where the login is kept
 * between runs, and a reload of the window's page done by the main process. Both hosts route
 * through withWindowCommands: Electron with its answers (electron/main.ts), the web host with none
 * — it keeps no login on disk to ask a keyring about, and cannot reload a browser tab, which
 * reloads itself — so the window never sees either command called unknown.
 *
 * The zod side lives here, not in bridge-contract.ts, which the renderer and preload import.
 */
import { z } from 'zod';
import type { LoginStorage, WindowCommandMap, WindowCommandName } from './bridge-contract';
import { inputError, type ConsoleErrorBody } from './errors';
import type { BridgeTarget } from './update-commands';

export const WINDOW_COMMAND_SCHEMAS = {
  'app.loginStorage': z.object({}).strict(),
  'app.reloadWindow': z.object({}).strict(),
} as const satisfies Record<WindowCommandName, z.ZodType>;

// The schemas and the contract's inputs must describe the same commands, each way.
type SchemaInputs = { [C in WindowCommandName]: z.input<(typeof WINDOW_COMMAND_SCHEMAS)[C]> };
type ContractInputs = { [C in WindowCommandName]: WindowCommandMap[C]['input'] };
const inputsAgree: [ContractInputs extends SchemaInputs ? true : false, SchemaInputs extends ContractInputs ? true : false] = [true, true];
void inputsAgree;

export function isWindowCommand(name: unknown): name is WindowCommandName {
  return typeof name === 'string' && Object.hasOwn(WINDOW_COMMAND_SCHEMAS, name);
}

/** What a host with a window of its own provides (electron/main.ts). */
export interface WindowAnswers {
  loginStorage(): LoginStorage;
  /** Loads the page again; the answer may not reach the page it came from, which is going away. */
  reload(): void;
}

export const WINDOW_REFUSALS = {
  /** A browser tab: the host serves it but cannot reload it. */
  reloadUnavailable: {
    code: 'window.reload_unavailable',
    message: 'Este endereço não recarrega a janela por aqui: recarregue a aba do navegador.',
    messageEn: 'This host cannot reload the window: reload the browser tab.',
  },
} as const satisfies Record<string, ConsoleErrorBody>;

/** `target` with the window commands answered in front of it: by `answers`, or as a host with no window of its own. */
export function withWindowCommands(target: BridgeTarget, answers: WindowAnswers | null): BridgeTarget {
  return {
    handle(command, input) {
      if (!isWindowCommand(command)) return target.handle(command, input);
      const parsed = WINDOW_COMMAND_SCHEMAS[command].safeParse(input ?? {});
      if (!parsed.success) return Promise.resolve({ ok: false, error: inputError(command, parsed.error).toJSON() });
      if (command === 'app.loginStorage') return Promise.resolve({ ok: true, value: answers ? answers.loginStorage() : { kept: 'keyring' } });
      if (!answers) return Promise.resolve({ ok: false, error: { ...WINDOW_REFUSALS.reloadUnavailable } });
      answers.reload();
      return Promise.resolve({ ok: true, value: { reloading: true } });
    },
    on: (listener) => target.on(listener),
  };
}

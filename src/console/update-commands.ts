/**
 * The shell's app.* update commands, answered before anything reaches the server gate or the core
 * (there may be no core, and a core has no business restarting the app). Both hosts route through
 * withUpdateCommands so the contract stays honest in both: Electron answers with its updater
 * (electron/updates.ts); the web host has none, so it says no update is ready and refuses the
 * restart in words rather than letting the core call the command unknown.
 *
 * The zod side lives here, not in bridge-contract.ts, which the renderer and preload import.
 */
import { z } from 'zod';
import type { UpdateCommandMap, UpdateCommandName, UpdateState } from './bridge-contract';
import type { HandleResult } from './console';
import type { CoreEventListener } from './core-events';
import { inputError, type ConsoleErrorBody } from './errors';

export const UPDATE_COMMAND_SCHEMAS = {
  'app.updateStatus': z.object({}).strict(),
  'app.restartToUpdate': z.object({}).strict(),
} as const satisfies Record<UpdateCommandName, z.ZodType>;

// The schemas and the contract's inputs must describe the same commands, each way.
type SchemaInputs = { [C in UpdateCommandName]: z.input<(typeof UPDATE_COMMAND_SCHEMAS)[C]> };
type ContractInputs = { [C in UpdateCommandName]: UpdateCommandMap[C]['input'] };
const inputsAgree: [ContractInputs extends SchemaInputs ? true : false, SchemaInputs extends ContractInputs ? true : false] = [true, true];
void inputsAgree;

export function isUpdateCommand(name: unknown): name is UpdateCommandName {
  return typeof name === 'string' && Object.hasOwn(UPDATE_COMMAND_SCHEMAS, name);
}

/** What a host that updates itself provides (electron/updates.ts). */
export interface UpdateAnswers {
  status(): UpdateState;
  /** Starts the restart (core closed first, then the installer) and says so, or says why not. */
  restart(): HandleResult;
}

export const UPDATE_REFUSALS = {
  /** No newer version downloaded (yet): nothing to restart into. */
  notReady: {
    code: 'update.not_ready',
    message: 'Nenhuma nova versão do Helena Desk está pronta para instalar.',
    messageEn: 'No new version of Helena Desk is ready to install.',
  },
  /** A host that never updates itself (the browser tab of npm run web). */
  unavailable: {
    code: 'update.unavailable',
    message: 'Esta janela não se atualiza sozinha: só o Helena Desk instalado recebe novas versões. Não há nada para reiniciar aqui.',
    messageEn: 'This window does not update itself: only the installed Helena Desk gets new versions. There is nothing to restart here.',
  },
} as const satisfies Record<string, ConsoleErrorBody>;

export interface BridgeTarget {
  handle(command: unknown, input: unknown): Promise<HandleResult>;
  on(listener: CoreEventListener): () => void;
}

/**
 * `target` (the server gate) with the update commands answered in front of it: by `answers` when
 * this host updates itself, else as a host that never does.
 */
export function withUpdateCommands(target: BridgeTarget, answers: UpdateAnswers | null): BridgeTarget {
  return {
    handle(command, input) {
      if (!isUpdateCommand(command)) return target.handle(command, input);
      const parsed = UPDATE_COMMAND_SCHEMAS[command].safeParse(input ?? {});
      if (!parsed.success) return Promise.resolve({ ok: false, error: inputError(command, parsed.error).toJSON() });
      if (command === 'app.updateStatus') return Promise.resolve({ ok: true, value: answers ? answers.status() : { ready: null } });
      return Promise.resolve(answers ? answers.restart() : { ok: false, error: { ...UPDATE_REFUSALS.unavailable } });
    },
    on: (listener) => target.on(listener),
  };
}

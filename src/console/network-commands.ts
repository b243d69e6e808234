/**
 * The shell's app.networkOnline, answered before anything reaches the server gate or the core: the
 * window heard the browser's 'online' event, and the shell — which alone can choose the proxy
 * again (Electron asks Chromium) — decides whether and when to check the core's connection
 * (src/net/network-watch.ts gathers it with the signs it hears itself). Both hosts route through
 * withNetworkCommands; one that checks nothing still answers, so the window never sees the command
 * called unknown.
 *
 * The zod side lives here, not in bridge-contract.ts, which the renderer and preload import.
 */
import { z } from 'zod';
import type { NetworkCommandMap, NetworkCommandName } from './bridge-contract';
import { inputError } from './errors';
import type { BridgeTarget } from './update-commands';

export const NETWORK_COMMAND_SCHEMAS = {
  'app.networkOnline': z.object({}).strict(),
} as const satisfies Record<NetworkCommandName, z.ZodType>;

// The schemas and the contract's inputs must describe the same commands, each way.
type SchemaInputs = { [C in NetworkCommandName]: z.input<(typeof NETWORK_COMMAND_SCHEMAS)[C]> };
type ContractInputs = { [C in NetworkCommandName]: NetworkCommandMap[C]['input'] };
const inputsAgree: [ContractInputs extends SchemaInputs ? true : false, SchemaInputs extends ContractInputs ? true : false] = [true, true];
void inputsAgree;

export function isNetworkCommand(name: unknown): name is NetworkCommandName {
  return typeof name === 'string' && Object.hasOwn(NETWORK_COMMAND_SCHEMAS, name);
}

/** `target` with app.networkOnline answered in front of it; `online` hears it (null: this host checks nothing). */
export function withNetworkCommands(target: BridgeTarget, online: (() => void) | null): BridgeTarget {
  return {
    handle(command, input) {
      if (!isNetworkCommand(command)) return target.handle(command, input);
      const parsed = NETWORK_COMMAND_SCHEMAS[command].safeParse(input ?? {});
      if (!parsed.success) return Promise.resolve({ ok: false, error: inputError(command, parsed.error).toJSON() });
      online?.();
      return Promise.resolve({ ok: true, value: null });
    },
    on: (listener) => target.on(listener),
  };
}

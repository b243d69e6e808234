/**
 * The zod side of the shell's server.* commands (their types are in bridge-contract.ts, which the
 * renderer and preload import and so must stay free of zod). Strict like commands.ts: an unknown
 * field is a renderer bug to see at once.
 */
import { z } from 'zod';
import type { ServerCommandMap, ServerCommandName } from '../console/bridge-contract';
import { MAX_ADDRESS_LENGTH } from './server-address';

export const SERVER_COMMAND_SCHEMAS = {
  'server.state': z.object({}).strict(),
  // Room for spaces around a pasted address; checkServerAddress trims and refuses what is still too long.
  'server.save': z.object({ address: z.string().max(MAX_ADDRESS_LENGTH + 256) }).strict(),
} as const satisfies Record<ServerCommandName, z.ZodType>;

// The schemas and the contract's inputs must describe the same commands, each way.
type SchemaInputs = { [C in ServerCommandName]: z.input<(typeof SERVER_COMMAND_SCHEMAS)[C]> };
type ContractInputs = { [C in ServerCommandName]: ServerCommandMap[C]['input'] };
const inputsAgree: [ContractInputs extends SchemaInputs ? true : false, SchemaInputs extends ContractInputs ? true : false] = [true, true];
void inputsAgree;

export function isServerCommand(name: unknown): name is ServerCommandName {
  return typeof name === 'string' && Object.hasOwn(SERVER_COMMAND_SCHEMAS, name);
}

/** The console facade: the only surface the bridge exposes (commands in, CoreEvents out). */
export { HelenaConsole, type ConsoleOptions, type EngineContext, type EngineFactory, type Engines, type HandleResult, type OpenOptions } from './console';
export {
  COMMAND_NAMES,
  COMMAND_SCHEMAS,
  isCommandName,
  type CommandInput,
  type CommandMap,
  type CommandName,
  type CommandResult,
  type ParsedInput,
} from './commands';
export { ConsoleError, toConsoleError, type ConsoleErrorBody, type ConsoleErrorCode, type FieldIssue } from './errors';
export { MemorySecretStore, type SecretStore } from './secret-store';
export type * from './results';
export type * from './core-events';
export { realEngines, type RealEngineOptions } from './real-engines';
export { BRIDGE_CHANNELS, type BridgeEvent, type BridgeResult, type HelenaBridge, type ShellEvent } from './bridge-contract';
export { AppConsole, type NetworkChange, openAppCore, backendUrlFrom, pricesFrom, proxyEnvFrom, extraCaFrom, AppConfigError, type AppCoreOptions } from './app-core';

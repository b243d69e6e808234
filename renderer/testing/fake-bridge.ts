/**
 * The bridge a screen test gives the app store: `invoke` is the test's core (usually a vi.fn it
 * asserts on), and events reach the screen only when the test emits them. mountPerTest lets the
 * bridge go after each test.
 */
import { vi } from 'vitest';
import type { BridgeEvent, HelenaBridge } from '../../src/console/bridge-contract';
import type { ConsoleErrorBody } from '../../src/console/errors';
import { useAppStore } from '../state/app-store';

/**
 * A test's core: a command and its input in, the bridge's answer out. `input: never` so a test can
 * type the input it reads ({ text?: string }) without casting.
 */
export type FakeInvoke = (command: string, input: never) => Promise<unknown>;

export interface FakeBridge {
  readonly bridge: HelenaBridge;
  /** The core says something (a message-status, a conversation-changed…), to every listener the screen registered. */
  emit(event: BridgeEvent): void;
}

/** A bridge answering with `invoke`, whose events the test emits. */
export function fakeBridge(invoke: FakeInvoke): FakeBridge {
  const listeners = new Set<(event: BridgeEvent) => void>();
  // Cast: the bridge's invoke is generic over the command table, a test's core answers a few commands.
  const bridge = {
    invoke,
    onEvent(listener: (event: BridgeEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as HelenaBridge;
  return { bridge, emit: (event) => listeners.forEach((listener) => listener(event)) };
}

/** Puts a bridge answering with `invoke` in the app store, as the app does at start. */
export function installBridge(invoke: FakeInvoke): FakeBridge {
  const fake = fakeBridge(invoke);
  useAppStore.setState({ bridge: fake.bridge });
  return fake;
}

/**
 * A core that answers each command in `answers` with its value and refuses each one in `refusals`;
 * any other command is refused as unknown, as the real bridge does.
 */
export function answering(answers: Record<string, unknown>, refusals: Record<string, ConsoleErrorBody> = {}) {
  return vi.fn((command: string) =>
    Promise.resolve(
      command in refusals
        ? { ok: false, error: refusals[command] }
        : command in answers
          ? { ok: true, value: answers[command] }
          : { ok: false, error: { code: 'unknown_command', message: 'não' } },
    ),
  );
}

/** app.networkOnline is the shell's: answered in front of the gate, heard by the host's watch, and checked like any input. */
import { describe, expect, it } from 'vitest';
import { withNetworkCommands } from './network-commands';
import type { BridgeTarget } from './update-commands';

function target(): BridgeTarget & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    handle: (command) => {
      asked.push(String(command));
      return Promise.resolve({ ok: true, value: 'do núcleo' });
    },
    on: () => () => {},
  };
}

describe('withNetworkCommands', () => {
  it('the window’s "online" reaches the host’s watch, never the core, and is answered null', async () => {
    const core = target();
    let heard = 0;
    const bridge = withNetworkCommands(core, () => heard++);
    expect(await bridge.handle('app.networkOnline', {})).toEqual({ ok: true, value: null });
    expect(await bridge.handle('app.networkOnline', undefined)).toEqual({ ok: true, value: null });
    expect(heard).toBe(2);
    expect(core.asked).toEqual([]);
    expect(await bridge.handle('state.snapshot', {})).toEqual({ ok: true, value: 'do núcleo' });
    expect(core.asked).toEqual(['state.snapshot']);
  });

  it('a host that checks nothing still answers; an input with extra fields is refused', async () => {
    const bridge = withNetworkCommands(target(), null);
    expect(await bridge.handle('app.networkOnline', {})).toEqual({ ok: true, value: null });
    expect(await bridge.handle('app.networkOnline', { proxy: 'http://x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

import { describe, expect, it, vi } from 'vitest';
import type { HandleResult } from './console';
import { WINDOW_REFUSALS, withWindowCommands, type WindowAnswers } from './window-commands';

function gate() {
  return { handle: vi.fn((): Promise<HandleResult> => Promise.resolve({ ok: true, value: 'from the gate' })), on: vi.fn(() => () => undefined) };
}

describe('the shell’s window commands, in front of the gate', () => {
  it('a host with no window of its own (the web host): the login is not the keyring question, the reload is left to the tab, the rest untouched', async () => {
    const target = gate();
    const bridge = withWindowCommands(target, null);
    expect(await bridge.handle('app.loginStorage', {})).toEqual({ ok: true, value: { kept: 'keyring' } });
    expect(await bridge.handle('app.reloadWindow', {})).toEqual({ ok: false, error: WINDOW_REFUSALS.reloadUnavailable });
    expect(target.handle).not.toHaveBeenCalled();
    expect(await bridge.handle('state.snapshot', {})).toEqual({ ok: true, value: 'from the gate' });
    const listener = () => {};
    bridge.on(listener);
    expect(target.on).toHaveBeenCalledWith(listener);
  });

  it('Electron answers with its own; inputs are checked like every command', async () => {
    const answers: WindowAnswers = { loginStorage: () => ({ kept: 'memory' }), reload: vi.fn() };
    const bridge = withWindowCommands(gate(), answers);
    expect(await bridge.handle('app.loginStorage', undefined)).toEqual({ ok: true, value: { kept: 'memory' } });
    expect(await bridge.handle('app.reloadWindow', {})).toEqual({ ok: true, value: { reloading: true } });
    expect(await bridge.handle('app.reloadWindow', { url: 'https://evil.example' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(answers.reload).toHaveBeenCalledTimes(1);
  });
});

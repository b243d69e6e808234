import { describe, expect, it, vi } from 'vitest';
import type { HandleResult } from './console';
import { UPDATE_REFUSALS, withUpdateCommands, type UpdateAnswers } from './update-commands';

function gate() {
  return { handle: vi.fn((): Promise<HandleResult> => Promise.resolve({ ok: true, value: 'from the gate' })), on: vi.fn(() => () => undefined) };
}

describe('the shell’s update commands, in front of the gate', () => {
  it('a host that never updates itself (the web host): nothing ready, the restart refused in words, the rest untouched', async () => {
    const target = gate();
    const bridge = withUpdateCommands(target, null);
    expect(await bridge.handle('app.updateStatus', {})).toEqual({ ok: true, value: { ready: null } });
    expect(await bridge.handle('app.restartToUpdate', {})).toEqual({ ok: false, error: UPDATE_REFUSALS.unavailable });
    expect(UPDATE_REFUSALS.unavailable.message).toMatch(/só o Helena Desk instalado/);
    expect(target.handle).not.toHaveBeenCalled();
    expect(await bridge.handle('state.snapshot', {})).toEqual({ ok: true, value: 'from the gate' });
    expect(target.handle).toHaveBeenCalledWith('state.snapshot', {});
    const listener = () => {};
    bridge.on(listener);
    expect(target.on).toHaveBeenCalledWith(listener);
  });

  it('a host that updates itself answers with its updater; inputs are checked like every command', async () => {
    const answers: UpdateAnswers = { status: () => ({ ready: { version: '0.2.0' } }), restart: vi.fn(() => ({ ok: true as const, value: { restarting: true } })) };
    const bridge = withUpdateCommands(gate(), answers);
    expect(await bridge.handle('app.updateStatus', undefined)).toEqual({ ok: true, value: { ready: { version: '0.2.0' } } });
    expect(await bridge.handle('app.restartToUpdate', {})).toEqual({ ok: true, value: { restarting: true } });
    expect(await bridge.handle('app.restartToUpdate', { now: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(answers.restart).toHaveBeenCalledTimes(1);
  });
});

import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_HEIGHT, MIN_WIDTH, rememberWindowPlace, savedWindowPlace, WINDOW_STATE_FILE } from './window-state';

let userData: string;
beforeEach(() => {
  userData = mkdtempSync(path.join(tmpdir(), 'helena-window-state-'));
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(userData, { recursive: true, force: true });
});

const LAPTOP = [{ x: 0, y: 0, width: 1366, height: 728 }];
const DOCKED = [...LAPTOP, { x: 1366, y: 0, width: 1920, height: 1040 }];
const save = (state: unknown) => writeFileSync(path.join(userData, WINDOW_STATE_FILE), JSON.stringify(state));

describe('where the window opens', () => {
  it('where the agent left it, maximized or not, while that spot is on a screen', () => {
    save({ version: 1, x: 1366, y: 0, width: 960, height: 1040, maximized: false });
    expect(savedWindowPlace(userData, DOCKED)).toEqual({ x: 1366, y: 0, width: 960, height: 1040, maximized: false });
    save({ version: 1, x: 10, y: 10, width: 1200, height: 700, maximized: true });
    expect(savedWindowPlace(userData, LAPTOP)).toMatchObject({ maximized: true });
  });

  it('where the OS puts it when the monitor it was on is gone (laptop off its dock), or its title bar is off every screen', () => {
    save({ version: 1, x: 1366, y: 0, width: 960, height: 1040, maximized: false });
    expect(savedWindowPlace(userData, LAPTOP)).toBeNull();
    save({ version: 1, x: 200, y: -500, width: 1000, height: 700, maximized: false });
    expect(savedWindowPlace(userData, LAPTOP)).toBeNull();
  });

  it('never smaller than the window allows; nothing saved, or a damaged file, is no place at all', () => {
    save({ version: 1, x: 0, y: 0, width: 300, height: 200, maximized: false });
    expect(savedWindowPlace(userData, LAPTOP)).toMatchObject({ width: MIN_WIDTH, height: MIN_HEIGHT });
    expect(savedWindowPlace(path.join(userData, 'nenhum'), LAPTOP)).toBeNull();
    writeFileSync(path.join(userData, WINDOW_STATE_FILE), '{"version":1,"x":');
    expect(savedWindowPlace(userData, LAPTOP)).toBeNull();
  });
});

describe('remembering it', () => {
  class Win extends EventEmitter {
    bounds = { x: 40, y: 30, width: 1000, height: 700 };
    maximized = false;
    minimized = false;
    getNormalBounds() {
      return this.bounds;
    }
    isMaximized() {
      return this.maximized;
    }
    isMinimized() {
      return this.minimized;
    }
  }
  const saved = () => JSON.parse(readFileSync(path.join(userData, WINDOW_STATE_FILE), 'utf8')) as unknown;

  it('saves once a drag settles and at once on close; a minimized window keeps the last place', () => {
    vi.useFakeTimers();
    const win = new Win();
    rememberWindowPlace(win, userData);
    win.bounds = { x: 700, y: 0, width: 666.4, height: 728 };
    win.emit('move');
    win.emit('resize');
    expect(existsSync(path.join(userData, WINDOW_STATE_FILE))).toBe(false);
    vi.advanceTimersByTime(600);
    expect(saved()).toEqual({ version: 1, x: 700, y: 0, width: 666, height: 728, maximized: false });

    win.maximized = true;
    win.emit('close');
    expect(saved()).toMatchObject({ x: 700, maximized: true });

    win.minimized = true;
    win.bounds = { x: -32000, y: -32000, width: 160, height: 28 };
    win.emit('close');
    expect(saved()).toMatchObject({ x: 700, maximized: true });
  });
});

/**
 * Where the window was: agents keep Helena Desk beside another program (half the screen, a second
 * monitor) and would otherwise drag it back every morning. Saved in the user-data folder when it
 * moves or resizes and when it closes; given back only if it would still be on a screen now (a
 * laptop taken off its dock must not open the window on a monitor that is gone).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const WINDOW_STATE_FILE = 'window-state.json';
/** The window's smallest size (window.ts minWidth/minHeight): a saved size below it is raised. */
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
/** How much of the title bar must fall on a screen for the agent to grab it. */
const VISIBLE_WIDTH = 120;
const VISIBLE_HEIGHT = 40;
const SAVE_DELAY_MS = 500;

export interface WindowPlace {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

const stateSchema = z.object({
  version: z.literal(1),
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  maximized: z.boolean(),
});

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The saved place, if there is one and its top edge (where the title bar is) is on one of the
 * screens' work areas now; sizes below the window's minimum are raised to it. Null: let the OS place it.
 */
export function savedWindowPlace(userData: string, workAreas: readonly Rectangle[]): WindowPlace | null {
  let saved: z.infer<typeof stateSchema>;
  try {
    saved = stateSchema.parse(JSON.parse(readFileSync(path.join(userData, WINDOW_STATE_FILE), 'utf8')));
  } catch {
    return null;
  }
  const place = { x: saved.x, y: saved.y, width: Math.max(MIN_WIDTH, saved.width), height: Math.max(MIN_HEIGHT, saved.height), maximized: saved.maximized };
  const titleBar = { x: place.x, y: place.y, width: place.width, height: VISIBLE_HEIGHT };
  const onScreen = workAreas.some((area) => {
    const seen = overlap(titleBar, area);
    return seen.width >= VISIBLE_WIDTH && seen.height >= VISIBLE_HEIGHT;
  });
  return onScreen ? place : null;
}

/** What the window offers for this (an Electron BrowserWindow). */
export interface PlacedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  isMinimized(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/** Saves the window's place as it changes (after it settles) and when it closes. Never throws: a lost place costs a drag. */
export function rememberWindowPlace(win: PlacedWindow, userData: string, warn: (message: string) => void = () => {}): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    // A minimized window's bounds say nothing about where the agent wants it.
    if (win.isMinimized()) return;
    const bounds = win.getNormalBounds();
    const state = { version: 1, ...roundBounds(bounds), maximized: win.isMaximized() };
    try {
      mkdirSync(userData, { recursive: true });
      const file = path.join(userData, WINDOW_STATE_FILE);
      // Written whole, then renamed: a crash mid-write leaves the last good place, not half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify(state));
      renameSync(`${file}.tmp`, file);
    } catch (error) {
      warn(`não foi possível guardar a posição da janela (${error instanceof Error ? error.message : String(error)})`);
    }
  };
  const later = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, later);
  win.on('close', save);
}

function roundBounds(bounds: Rectangle): Rectangle {
  return { x: Math.round(bounds.x), y: Math.round(bounds.y), width: Math.round(bounds.width), height: Math.round(bounds.height) };
}

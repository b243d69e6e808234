/**
 * A scrolling list's geometry, which happy-dom does not lay out: the sizes a browser would give it
 * and the ResizeObserver, called by hand, since when it speaks is what the scroll tests are about.
 */
import { afterEach, beforeEach } from 'vitest';

export interface ResizesByHand {
  /** Every observer the screen made says its element was resized (call inside act). */
  resizeAll(): void;
}

/** Replaces ResizeObserver for each test (put back after it) with one that speaks only through resizeAll(). */
export function resizeObserverByHand(): ResizesByHand {
  const realResizeObserver = globalThis.ResizeObserver;
  let resized: Array<() => void> = [];
  beforeEach(() => {
    resized = [];
    globalThis.ResizeObserver = class {
      constructor(callback: () => void) {
        resized.push(callback);
      }
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    } as unknown as typeof ResizeObserver;
  });
  afterEach(() => {
    globalThis.ResizeObserver = realResizeObserver;
  });
  return { resizeAll: () => resized.forEach((callback) => callback()) };
}

/** How tall the list's content is and how much of it shows, read at each access (a test may change them). */
export interface ListGeometry {
  readonly content: number;
  readonly visible: number;
}

/** Gives `list` the browser's scrollHeight, clientHeight and a scrollTop clamped to what can scroll. */
export function layOut(list: HTMLElement, geometry: ListGeometry): { top: () => number } {
  let top = 0;
  Object.defineProperty(list, 'scrollHeight', { configurable: true, get: () => geometry.content });
  Object.defineProperty(list, 'clientHeight', { configurable: true, get: () => geometry.visible });
  Object.defineProperty(list, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (value: number) => {
      top = Math.max(0, Math.min(value, geometry.content - geometry.visible));
    },
  });
  return { top: () => top };
}

/** `list` laid out at 60 px a line (its <li>s, counted at each access), 300 px shown. */
export function layOutLines(list: HTMLElement): { top: () => number } {
  return layOut(list, {
    get content() {
      return list.querySelectorAll('li').length * 60;
    },
    visible: 300,
  });
}

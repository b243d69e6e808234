/**
 * What the agent does, as a screen test does it: type into a box, press a key, and let the screen's
 * timers and answers run (inside act, so React has drawn what they changed).
 */
import { act } from 'react';

/** Lets `ms` go by inside act: the screen's pauses (a re-read after 100 ms…) and the bridge's answers land. */
export async function pause(ms: number): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, ms));
  });
}

/**
 * The box now holds `value`, as after the agent typed it: set through the native setter, since
 * React ignores a value set on the element itself, then the browser's input event. Call inside act.
 */
export function fillBox(box: HTMLTextAreaElement | HTMLInputElement, value: string): void {
  const prototype = box instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(box, value);
  box.dispatchEvent(new Event('input', { bubbles: true }));
}

/** A key pressed on `target` (a cancelable keydown that bubbles, as the browser sends it), with its modifiers. Call inside act. */
export function keydown(target: EventTarget, key: string, modifiers: Pick<KeyboardEventInit, 'shiftKey' | 'ctrlKey' | 'altKey'> = {}): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...modifiers }));
}

/** A key pressed wherever the focus is (Shift+Enter: `{ shiftKey: true }`), then `thenMs` for the screen to answer it. */
export async function pressAndWait(key: string, thenMs: number, modifiers: Parameters<typeof keydown>[2] = {}): Promise<void> {
  await act(async () => {
    if (document.activeElement) keydown(document.activeElement, key, modifiers);
  });
  await pause(thenMs);
}

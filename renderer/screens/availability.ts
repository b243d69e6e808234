/**
 * The agent's availability in the status bar ("Disponível" / "Em pausa"): the shortcut that
 * toggles it, what a toggle asks for, and how the badge reads while it is saved. Pure, so the
 * rules are tested under Node (logic.test.ts).
 */
import { isAltKey, type ShortcutKey } from './alt-key';
import type { AgentAvailability } from '../../src/api/helena-dto';

/** Alt+D (alt-key.ts). */
export function isAvailabilityShortcut(event: ShortcutKey): boolean {
  return isAltKey(event, 'd');
}

/** What a toggle asks for: a break when available (or unknown), available again when on a break. */
export function nextAvailability(current: AgentAvailability | null): AgentAvailability {
  return current === 'UNAVAILABLE' ? 'AVAILABLE' : 'UNAVAILABLE';
}

export type AvailabilityTone = 'available' | 'paused' | 'unknown' | 'saving';

/** The badge: its i18n key under `availability.` and its colour (green, amber, grey; grey while saving). */
export function availabilityBadge(current: AgentAvailability | null, saving: AgentAvailability | null): { label: string; tone: AvailabilityTone } {
  if (saving) return { label: saving === 'UNAVAILABLE' ? 'pausing' : 'resuming', tone: 'saving' };
  if (current === 'AVAILABLE') return { label: 'available', tone: 'available' };
  if (current === 'UNAVAILABLE') return { label: 'paused', tone: 'paused' };
  return { label: 'unknown', tone: 'unknown' };
}

import { describe, expect, it } from 'vitest';
import { fromLocalInput, quickMoments, shortMoment, spelledMoment, toLocalInput } from './screens/schedule-moment';

const words = { today: 'hoje', tomorrow: 'amanhã' };

describe('schedule moments', () => {
  it('quick choices in local time: tomorrow at 9, in 2 hours (to the minute), the next Monday at 9', () => {
    const wednesday = new Date(2025, 11, 3, 14, 37, 25);
    const [tomorrow, in2h, monday] = quickMoments(wednesday);
    expect(tomorrow?.at).toEqual(new Date(2025, 11, 4, 9, 0));
    expect(in2h?.at).toEqual(new Date(2025, 11, 3, 16, 37));
    expect(monday?.at).toEqual(new Date(2025, 11, 8, 9, 0));
    // On a Monday, "Segunda às 9h" is next week's.
    expect(quickMoments(new Date(2025, 11, 8, 8, 0))[2]?.at).toEqual(new Date(2025, 11, 15, 9, 0));
  });

  it('spells the moment out in the agent’s language', () => {
    expect(spelledMoment(new Date(2025, 11, 3, 9, 0), 'pt-BR')).toBe('quarta, 3 de dezembro, 09:00');
    expect(spelledMoment(new Date(2025, 11, 3, 9, 0), 'en')).toBe('Wednesday, December 3, 09:00');
  });

  it('short form for the line, and the datetime-local value both ways', () => {
    const now = new Date(2025, 11, 3, 14, 0);
    expect(shortMoment(new Date(2025, 11, 4, 9, 0), now, 'pt-BR', words)).toBe('amanhã 09:00');
    expect(shortMoment(new Date(2025, 11, 3, 16, 0), now, 'pt-BR', words)).toBe('hoje 16:00');
    expect(shortMoment(new Date(2025, 11, 8, 9, 0), now, 'pt-BR', words)).toBe('08/12 09:00');
    const at = new Date(2025, 11, 8, 9, 5);
    expect(toLocalInput(at)).toBe('2025-12-08T09:05');
    expect(fromLocalInput('2025-12-08T09:05')).toEqual(at);
    expect(fromLocalInput('2025-12-08T')).toBeNull();
  });
});

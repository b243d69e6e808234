/** Ctrl+F in a conversation: matching (accents and case aside), counting, moving, drawing. */
import { describe, expect, it } from 'vitest';
import { findCount, findMatches, isFindShortcut, keepCurrent, stepMatch, textPieces } from './screens/find-in-conversation';

const messages = [
  { localId: 'a', text: 'Bom dia, preciso da segunda via do BOLETO.' },
  { localId: 'b', text: null },
  { localId: 'n', text: 'Nota: boleto já enviado; ligação às 15h.' },
  { localId: 'c', text: 'Conceição mandou o boleto de novo? Boleto!' },
];

describe('find in the conversation', () => {
  it('finds every match in reading order, case and accents aside, over messages and notes', () => {
    const found = findMatches(messages, 'boleto');
    expect(found.map((m) => m.localId)).toEqual(['a', 'n', 'c', 'c']);
    expect(found.map((m) => messages.find((x) => x.localId === m.localId)?.text?.slice(m.start, m.end))).toEqual(['BOLETO', 'boleto', 'boleto', 'Boleto']);
    // The agent types without accents, or with them where the text has none.
    expect(findMatches(messages, 'ligacao')).toEqual([{ localId: 'n', start: 25, end: 32 }]);
    expect(findMatches(messages, 'CONCEIÇÃO')).toEqual([{ localId: 'c', start: 0, end: 9 }]);
    expect(findMatches(messages, 'já')).toHaveLength(1);
    expect(findMatches(messages, '   ')).toEqual([]);
    expect(findMatches(messages, 'pix')).toEqual([]);
  });

  it('maps back to the original text when it is decomposed (e + combining acute)', () => {
    const text = 'Cafe\u0301 com pa\u0303o';
    const [hit] = findMatches([{ localId: 'x', text }], 'pão');
    expect(hit && text.slice(hit.start, hit.end)).toBe('pa\u0303o');
    const [cafe] = findMatches([{ localId: 'x', text }], 'cafe');
    expect(cafe && text.slice(cafe.start, cafe.end)).toBe('Cafe\u0301');
  });

  it('counts "2 de 5" from 1, goes round the ends with Enter / Shift+Enter, and keeps its place on a reload', () => {
    expect(findCount('', -1, 0)).toBeNull();
    expect(findCount('pix', -1, 0)).toEqual({ current: 0, total: 0 });
    expect(findCount('boleto', 1, 5)).toEqual({ current: 2, total: 5 });
    expect(stepMatch(-1, 4, false)).toBe(0);
    expect(stepMatch(-1, 4, true)).toBe(3);
    expect(stepMatch(3, 4, false)).toBe(0);
    expect(stepMatch(0, 4, true)).toBe(3);
    expect(stepMatch(1, 4, false)).toBe(2);
    expect(stepMatch(0, 0, false)).toBe(-1);
    expect(keepCurrent(4, 3)).toBe(2);
    expect(keepCurrent(1, 3)).toBe(1);
    expect(keepCurrent(-1, 3)).toBe(0);
    expect(keepCurrent(2, 0)).toBe(-1);
  });

  it('cuts a text at its matches, marking the current one', () => {
    const found = findMatches(messages, 'boleto');
    const text = messages[3]?.text ?? '';
    expect(textPieces(text, 'c', found, 3)).toEqual([
      { text: 'Conceição mandou o ', match: false, current: false },
      { text: 'boleto', match: true, current: false },
      { text: ' de novo? ', match: false, current: false },
      { text: 'Boleto', match: true, current: true },
      { text: '!', match: false, current: false },
    ]);
    expect(textPieces('oi', 'z', found, 0)).toEqual([{ text: 'oi', match: false, current: false }]);
  });

  it('opens with Ctrl+F or ⌘F, not with Alt or Shift', () => {
    const key = { key: 'f', altKey: false, ctrlKey: true, metaKey: false, shiftKey: false };
    expect(isFindShortcut(key)).toBe(true);
    expect(isFindShortcut({ ...key, ctrlKey: false, metaKey: true })).toBe(true);
    expect(isFindShortcut({ ...key, key: 'F' })).toBe(true);
    expect(isFindShortcut({ ...key, ctrlKey: false })).toBe(false);
    expect(isFindShortcut({ ...key, altKey: true })).toBe(false);
    expect(isFindShortcut({ ...key, shiftKey: true })).toBe(false);
  });
});

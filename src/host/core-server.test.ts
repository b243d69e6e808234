import { expect, it } from 'vitest';
import { CORE_LOG_MAX } from './core-protocol';
import { cutLogLine } from './core-server';

it('a long core log line is cut without leaving part of a word (a token the shell could no longer recognise) at its end', () => {
  expect(cutLogLine('curta')).toBe('curta');
  const token = 'tok_' + 'Zq9'.repeat(40);
  const padding = 'x '.repeat(Math.floor((CORE_LOG_MAX - 60) / 2));
  const line = `${padding}falhou com ${token} no pedido`;
  const cut = cutLogLine(line);
  expect(cut.length).toBeLessThanOrEqual(CORE_LOG_MAX);
  expect(cut.endsWith('…')).toBe(true);
  expect(cut).not.toContain('tok_');
  // No space near the end at all: the last characters go, whatever they were.
  const solid = 'a'.repeat(CORE_LOG_MAX + 100);
  expect(cutLogLine(solid).length).toBeLessThan(CORE_LOG_MAX - 500);
});

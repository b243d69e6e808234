/** What the console tests share about refused commands. */
import { expect } from 'vitest';
import { ConsoleError } from '../errors';

/** The ConsoleError a command was refused with; fails the test when it went through or failed some other way. */
export async function refusalOf(promise: Promise<unknown>): Promise<ConsoleError> {
  const outcome = await promise.then(
    () => ({ refused: false as const }),
    (error: unknown) => ({ refused: true as const, error }),
  );
  if (!outcome.refused) throw new Error('expected a refusal');
  expect(outcome.error).toBeInstanceOf(ConsoleError);
  return outcome.error as ConsoleError;
}

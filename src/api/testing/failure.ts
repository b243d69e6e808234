import { HelenaError } from '../errors';

/** The HelenaError a call fails with; anything else (or success) fails the test. */
export async function failure(p: Promise<unknown>): Promise<HelenaError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof HelenaError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

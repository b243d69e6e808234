import { describe, expect, it } from 'vitest';
import { HelenaError } from '../api';
import { decideFailure } from './failure-policy';

const policy = { baseMs: 1_000, capMs: 60_000, maxAttempts: 5 };
const err = (detail: ConstructorParameters<typeof HelenaError>[0]['detail'], status: number | null = null) =>
  new HelenaError({ detail, status, key: 'test' });

describe('decideFailure', () => {
  it('retries network, 5xx and 429 with a capped wait, 429 at least its Retry-After', () => {
    const network = decideFailure(err({ kind: 'network', cause: 'refused' }), 1, policy, () => 0.5);
    expect(network).toMatchObject({ action: 'retry', delayMs: 500 });
    const late = decideFailure(err({ kind: 'server' }, 500), 4, policy, () => 0.999);
    expect(late.action === 'retry' && late.delayMs).toBeLessThanOrEqual(8_000);
    expect(decideFailure(err({ kind: 'rate_limited', retryAfterMs: 30_000 }, 429), 1, policy, () => 0)).toMatchObject({ action: 'retry', delayMs: 30_000 });
  });

  it('gives up after maxAttempts as a retryable failure the agent can resend', () => {
    expect(decideFailure(err({ kind: 'server' }, 503), 5, policy)).toMatchObject({ action: 'fail', retryable: true });
  });

  it('holds a 131047 for the reply and fails validation for good, in pt-BR', () => {
    expect(decideFailure(err({ kind: 'window_closed' }, 400), 1, policy).action).toBe('hold');
    const refused = decideFailure(err({ kind: 'validation', fields: ['templateId'] }, 400), 1, policy);
    expect(refused).toMatchObject({ action: 'fail', retryable: false });
    expect(refused.reason).toMatch(/O HelenaCRM recusou os dados \(templateId\)/);
  });

  it('pauses on an expired token instead of retrying with it, and the message does not fail', () => {
    const expired = decideFailure(err({ kind: 'unauthorized', tokenExpired: true }, 401), 1, policy);
    expect(expired).toMatchObject({ action: 'pause' });
    expect(expired.reason).toMatch(/expirou/);
    expect(decideFailure(err({ kind: 'unauthorized', tokenExpired: true }, 401), 50, policy).action).toBe('pause');
  });
});

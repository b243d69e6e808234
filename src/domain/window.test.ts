import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeWindow, formatTimeLeft, WINDOW_MS, type WindowInput } from './window';

const NOW = Date.parse('2025-03-10T12:00:00.000Z');
const H = 60 * 60 * 1000;
const MIN = 60 * 1000;
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

describe('computeWindow on an official WhatsApp channel', () => {
  const cases: { name: string; input: WindowInput; observedAt?: number; expected: ReturnType<typeof computeWindow> }[] = [
    {
      name: 'ACTIVE, contact wrote 48 min ago: open with 23 h 12 min left',
      input: { windowStatus: 'ACTIVE', lastMessageIn: ago(48 * MIN), channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'open', expiresAt: new Date(NOW + 23 * H + 12 * MIN), msLeft: 23 * H + 12 * MIN, canSendFreeText: true, reason: 'active' },
    },
    {
      name: 'ACTIVE but the last inbound is 30 h old: server wins, open with unknown expiry',
      input: { windowStatus: 'ACTIVE', lastMessageIn: ago(30 * H), channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true, reason: 'active_expiry_unknown' },
    },
    {
      name: 'ACTIVE with no lastMessageIn: open, expiry unknown',
      input: { windowStatus: 'ACTIVE', lastMessageIn: null, channelType: 'DIALOG360_WHATSAPP' },
      expected: { state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true, reason: 'active_expiry_unknown' },
    },
    {
      name: 'EXPIRED but the contact wrote 1 h ago: server wins, closed',
      input: { windowStatus: 'EXPIRED', lastMessageIn: ago(1 * H), channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'closed', expiresAt: null, msLeft: null, canSendFreeText: false, reason: 'expired' },
    },
    {
      name: 'EXPIRED 26 h after the last inbound: closed since 2 h ago',
      input: { windowStatus: 'EXPIRED', lastMessageIn: ago(26 * H), channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'closed', expiresAt: new Date(NOW - 2 * H), msLeft: null, canSendFreeText: false, reason: 'expired' },
    },
    {
      name: 'NOT_STARTED: the contact never wrote',
      input: { windowStatus: 'NOT_STARTED', lastMessageIn: null, channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'not_started', expiresAt: null, msLeft: null, canSendFreeText: false, reason: 'not_started' },
    },
    {
      name: 'unknown channel type follows the official rules',
      input: { windowStatus: 'NOT_STARTED', lastMessageIn: null, channelType: null },
      expected: { state: 'not_started', expiresAt: null, msLeft: null, canSendFreeText: false, reason: 'not_started' },
    },
    {
      name: 'ACTIVE observed 20 h ago when 5 h were left: expired since',
      input: { windowStatus: 'ACTIVE', lastMessageIn: ago(39 * H), channelType: 'CLOUDAPI_WHATSAPP' },
      observedAt: NOW - 20 * H,
      expected: { state: 'closed', expiresAt: new Date(NOW - 15 * H), msLeft: null, canSendFreeText: false, reason: 'expired_since_observed' },
    },
    {
      name: 'ACTIVE observed when already past 24 h: disagreement, server wins',
      input: { windowStatus: 'ACTIVE', lastMessageIn: ago(30 * H), channelType: 'CLOUDAPI_WHATSAPP' },
      observedAt: NOW - 1 * H,
      expected: { state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true, reason: 'active_expiry_unknown' },
    },
    {
      name: 'lastMessageIn ahead of our clock never gives more than 24 h',
      input: { windowStatus: 'ACTIVE', lastMessageIn: new Date(NOW + 10 * MIN).toISOString(), channelType: 'CLOUDAPI_WHATSAPP' },
      expected: { state: 'open', expiresAt: new Date(NOW + WINDOW_MS), msLeft: WINDOW_MS, canSendFreeText: true, reason: 'active' },
    },
  ];
  for (const { name, input, observedAt, expected } of cases) {
    it(name, () => {
      expect(computeWindow(input, NOW, { observedAt })).toEqual(expected);
    });
  }

  it('closes exactly 24 h after the last inbound when the snapshot was consistent', () => {
    const input: WindowInput = { windowStatus: 'ACTIVE', lastMessageIn: ago(0), channelType: 'CLOUDAPI_WHATSAPP' };
    expect(computeWindow(input, NOW + WINDOW_MS - 1, { observedAt: NOW }).msLeft).toBe(1);
    expect(computeWindow(input, NOW + WINDOW_MS, { observedAt: NOW }).state).toBe('closed');
  });

  it('accepts Date objects and a Date now', () => {
    const info = computeWindow({ windowStatus: 'ACTIVE', lastMessageIn: new Date(NOW - H), channelType: 'CloudAPI_WhatsApp' }, new Date(NOW));
    expect(info.msLeft).toBe(23 * H);
  });
});

describe('computeWindow on channels without a window', () => {
  const statuses = ['ACTIVE', 'EXPIRED', 'NOT_STARTED'] as const;
  for (const channelType of ['ZAPI_WHATSAPP', 'EVOLUTIONAPI_WHATSAPP', 'ZAPI_WhatsApp', 'EvolutionApi_WhatsApp']) {
    it(`${channelType}: free text always allowed`, () => {
      for (const windowStatus of statuses) {
        const info = computeWindow({ windowStatus, lastMessageIn: ago(72 * H), channelType }, NOW);
        expect(info).toEqual({ state: 'open', expiresAt: null, msLeft: null, canSendFreeText: true, reason: 'no_window_unofficial' });
      }
    });
  }
  for (const channelType of ['INSTAGRAM', 'MESSENGER', 'Instagram']) {
    it(`${channelType}: treated as always open`, () => {
      for (const windowStatus of statuses) {
        expect(computeWindow({ windowStatus, lastMessageIn: null, channelType }, NOW).reason).toBe('no_window_other_channel');
      }
    });
  }
});

describe('computeWindow properties', () => {
  it('trusts windowStatus: free text allowed exactly when ACTIVE (official channel, no observedAt)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('ACTIVE' as const, 'EXPIRED' as const, 'NOT_STARTED' as const),
        fc.option(fc.integer({ min: -3 * WINDOW_MS, max: 3 * WINDOW_MS })),
        (windowStatus, offset) => {
          const info = computeWindow({ windowStatus, lastMessageIn: offset === null ? null : ago(offset), channelType: 'CLOUDAPI_WHATSAPP' }, NOW);
          expect(info.canSendFreeText).toBe(windowStatus === 'ACTIVE');
          if (info.msLeft !== null) {
            expect(info.msLeft).toBeGreaterThan(0);
            expect(info.msLeft).toBeLessThanOrEqual(WINDOW_MS);
            expect(info.expiresAt?.getTime()).toBe(NOW + info.msLeft);
          }
        },
      ),
    );
  });
});

describe('formatTimeLeft', () => {
  const table: [number | null, string, string][] = [
    [23 * H + 12 * MIN + 59_000, '23 h 12 min', '23 h 12 min'],
    [24 * H, '24 h', '24 h'],
    [45 * MIN + 30_000, '45 min', '45 min'],
    [MIN, '1 min', '1 min'],
    [59_999, 'menos de 1 min', 'less than 1 min'],
    [1, 'menos de 1 min', 'less than 1 min'],
    [0, '0 min', '0 min'],
    [-5 * MIN, '0 min', '0 min'],
    [null, '0 min', '0 min'],
  ];
  for (const [ms, pt, en] of table) {
    it(`${String(ms)} ms → "${pt}" / "${en}"`, () => {
      expect(formatTimeLeft(ms)).toBe(pt);
      expect(formatTimeLeft(ms, 'en')).toBe(en);
    });
  }
});

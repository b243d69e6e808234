/** The desk's filters and quick find as pure functions (desk-filters.ts). */
import { describe, expect, it } from 'vitest';
import { deskQuery, matchesFilter, matchesQuery } from './desk-filters';
import type { ConversationSummary } from './results';

const notStarted: ConversationSummary['window'] = { state: 'not_started', reason: 'not_started', canSendFreeText: false, expiresAt: null, msLeft: null };
const base = { userId: 'u1', status: 'STARTED' as const, window: notStarted };

describe("the 'waiting' filter", () => {
  it('counts a start that went, not one WhatsApp refused (opened by HelenaCRM or still in the outbox)', () => {
    expect(matchesFilter('waiting', base, 'u1')).toBe(true);
    expect(matchesFilter('waiting', { ...base, startFailed: { failedReason: 'Número não possui WhatsApp', failedReasonEn: null } }, 'u1')).toBe(false);
    expect(matchesFilter('waiting', { ...base, pendingStart: { state: 'failed', failedReason: 'x', failedReasonEn: null } }, 'u1')).toBe(false);
    expect(matchesFilter('waiting', { ...base, pendingStart: { state: 'queued', failedReason: null, failedReasonEn: null } }, 'u1')).toBe(true);
    // Still the agent's own: it stays under "Meus".
    expect(matchesFilter('mine', { ...base, startFailed: { failedReason: 'x', failedReasonEn: null } }, 'u1')).toBe(true);
  });
});

describe('the quick find by phone', () => {
  const claudia = { contactName: 'Cláudia Assunção', lastMessageText: 'Bom dia', contactNational: '81997766554' };
  it('matches the contact number in any format, as the contact search does', () => {
    for (const q of ['81997766554', '(81) 99776-6554', '+55 81 99776-6554', '5581997766554', '76655', '99776-6554']) {
      expect(matchesQuery(claudia, q), q).toBe(true);
    }
    for (const q of ['(81) 90000-1234', '12345', '81 99776-0000']) expect(matchesQuery(claudia, q), q).toBe(false);
    // Names and last messages as before; a number without a cached contact has nothing to match.
    expect(matchesQuery(claudia, 'clau assun')).toBe(true);
    expect(matchesQuery({ ...claudia, contactNational: null }, '81997766554')).toBe(false);
    expect(deskQuery('  ')).toBeNull();
  });
});

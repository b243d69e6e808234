import { describe, expect, it } from 'vitest';
import { canSeeSession, canWriteSession, visibilityKey, type SessionScope, type Viewer } from './visibility';

const SALES = 'team-sales';
const SUPPORT = 'team-support';

const admin: Viewer = { userId: 'u-admin', profile: 'Admin', departmentIds: [] };
const salesAgent: Viewer = { userId: 'u-ana', profile: 'Agent', departmentIds: [SALES] };
const twoTeams: Viewer = { userId: 'u-bia', profile: 'Agent', departmentIds: [SALES, SUPPORT] };
const supportAgent: Viewer = { userId: 'u-caio', profile: 'Agent', departmentIds: [SUPPORT] };
const restricted: Viewer = { userId: 'u-davi', profile: 'RestrictedAgent', departmentIds: [SALES] };

const salesOfAna: SessionScope = { departmentId: SALES, userId: 'u-ana' };
const salesUnassigned: SessionScope = { departmentId: SALES, userId: null };
const salesOfDavi: SessionScope = { departmentId: SALES, userId: 'u-davi' };
const noTeamUnassigned: SessionScope = { departmentId: null, userId: null };
const supportOfAna: SessionScope = { departmentId: SUPPORT, userId: 'u-ana' };

describe('canSeeSession / canWriteSession', () => {
  const table: [string, Viewer, SessionScope, boolean, boolean][] = [
    ['admin sees any conversation, writes only in their own', admin, salesOfAna, true, false],
    ['admin sees an unassigned one without team', admin, noTeamUnassigned, true, false],
    ['agent sees and writes in their own', salesAgent, salesOfAna, true, true],
    ['agent sees an unassigned conversation of their team, cannot write until they take it', salesAgent, salesUnassigned, true, false],
    ["agent sees a teammate's conversation, cannot write", salesAgent, salesOfDavi, true, false],
    ['agent of another team does not see it', supportAgent, salesOfAna, false, false],
    ['agent of another team does not see an unassigned one either', supportAgent, salesUnassigned, false, false],
    ['agent in two teams sees both', twoTeams, salesUnassigned, true, false],
    ['agent still sees their own after it moved to another team', salesAgent, supportOfAna, true, true],
    ['no agent sees an unassigned conversation without team', salesAgent, noTeamUnassigned, false, false],
    ['restricted agent sees and writes in their own', restricted, salesOfDavi, true, true],
    ["restricted agent does not see a teammate's", restricted, salesOfAna, false, false],
    ['restricted agent does not see unassigned ones of their team', restricted, salesUnassigned, false, false],
  ];
  for (const [name, viewer, session, sees, writes] of table) {
    it(name, () => {
      expect(canSeeSession(viewer, session)).toBe(sees);
      expect(canWriteSession(viewer, session)).toBe(writes);
    });
  }

  it('whoever can write can also see', () => {
    for (const viewer of [admin, salesAgent, twoTeams, supportAgent, restricted]) {
      for (const session of [salesOfAna, salesUnassigned, salesOfDavi, noTeamUnassigned, supportOfAna]) {
        if (canWriteSession(viewer, session)) expect(canSeeSession(viewer, session)).toBe(true);
      }
    }
  });
});

describe('visibilityKey', () => {
  it('is the same for viewers who see the same conversations, and differs as soon as they may not', () => {
    const ana: Viewer = { userId: 'ana', profile: 'Agent', departmentIds: ['vendas', 'suporte'] };
    expect(visibilityKey({ ...ana, departmentIds: ['suporte', 'vendas'] })).toBe(visibilityKey(ana));
    expect(visibilityKey({ ...ana, departmentIds: ['vendas', 'suporte', 'financeiro'] })).not.toBe(visibilityKey(ana));
    expect(visibilityKey({ ...ana, userId: 'joao' })).not.toBe(visibilityKey(ana));
    expect(visibilityKey({ ...ana, profile: 'RestrictedAgent' })).not.toBe(visibilityKey(ana));
    // Every admin sees everything; a restricted agent's teams do not widen their view.
    expect(visibilityKey({ ...ana, profile: 'Admin' })).toBe(visibilityKey({ userId: 'outra', profile: 'Admin', departmentIds: [] }));
    expect(visibilityKey({ ...ana, profile: 'RestrictedAgent' })).toBe(visibilityKey({ ...ana, profile: 'RestrictedAgent', departmentIds: [] }));
  });
});

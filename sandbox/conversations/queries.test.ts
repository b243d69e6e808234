/** The session list filters visibility in SQL; it must agree with canSeeSession (the console's rule) on every case. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canSeeSession, type Profile, type Viewer } from '../../src/domain/visibility';
import { openSandboxDb } from '../db';
import { visibilitySql } from './queries';

const USERS = ['u1', 'u2', 'u3'];
const TEAMS = ['d1', 'd2', 'd3'];

describe('visibilitySql', () => {
  it('selects exactly the sessions canSeeSession allows', () => {
    const db = openSandboxDb(null);
    // Foreign keys are not what is under test: a bare table with the same columns.
    db.exec('CREATE TEMP TABLE s_test (id TEXT, department_id TEXT, user_id TEXT)');
    const scope = fc.record({ departmentId: fc.option(fc.constantFrom(...TEAMS), { nil: null }), userId: fc.option(fc.constantFrom(...USERS), { nil: null }) });
    const viewer = fc.record({
      userId: fc.constantFrom(...USERS),
      profile: fc.constantFrom<Profile>('Admin', 'Agent', 'RestrictedAgent'),
      departmentIds: fc.subarray(TEAMS),
    });
    fc.assert(
      fc.property(viewer, fc.array(scope, { maxLength: 12 }), (v: Viewer, sessions) => {
        db.exec('DELETE FROM s_test');
        const insert = db.prepare('INSERT INTO s_test VALUES (?, ?, ?)');
        sessions.forEach((s, i) => insert.run(String(i), s.departmentId, s.userId));
        const params: Record<string, string | number> = {};
        const sql = visibilitySql(v, params);
        const got = db
          .prepare<Record<string, string | number>, { id: string }>(`SELECT id FROM s_test s WHERE ${sql} ORDER BY CAST(id AS INTEGER)`)
          .all(params)
          .map((r) => r.id);
        const expected = sessions.flatMap((s, i) => (canSeeSession(v, s) ? [String(i)] : []));
        expect(got).toEqual(expected);
      }),
      { numRuns: 300 },
    );
    db.close();
  });
});

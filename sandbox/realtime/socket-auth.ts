/**
 * Who a socket belongs to, decided by the same token check as REST (sandbox/auth). Checked at
 * connect and again before every emit, so a token that expires (or is revoked) while connected
 * ends the socket, and visibility always uses the agent's current teams.
 */
import { authenticateToken, type TokenFailureKey } from '../auth';
import type { SandboxContext } from '../context';
import type { Viewer } from '../../src/domain/visibility';

export type SocketAuthResult = { ok: true; viewer: Viewer } | { ok: false; key: TokenFailureKey; text: string };

export type SocketAuthenticator = (token: string) => SocketAuthResult;

export function socketAuthenticator(ctx: SandboxContext): SocketAuthenticator {
  return (token) => {
    const check = authenticateToken(ctx, token);
    if (!check.ok) return check;
    const { userId, profile, departmentIds } = check.agent;
    return { ok: true, viewer: { userId, profile, departmentIds } };
  };
}

/**
 * Helpers for integration tests that talk to a real sandbox over HTTP:
 *
 *   const sandbox = await startTestSandbox();                 // free port, in memory, control API on
 *   const { token, agent } = await loginAs(sandbox, DEMO_LOGINS.agent);
 *   const http = api(sandbox, token);
 *   const res = await http.get('/core/v1/contact?PageSize=5'); // {status, body, headers}
 *   await sandbox.close();
 *
 * Nothing here bypasses the server: login goes through /auth/v1 with the code read from
 * /control/v1/login-code, exactly as a client and a tester would.
 */
import { LoginVerifyResponse, type AgentDTO } from '../src/api/helena-dto';
import { createSandbox, type RunningSandbox, type SandboxOverrides } from './app';

export { DEMO_LOGINS } from './seed';
export type { RunningSandbox };

export function startTestSandbox(overrides: SandboxOverrides = {}): Promise<RunningSandbox> {
  return createSandbox({
    port: 0,
    dataDir: null,
    control: true,
    ...overrides,
    statusDelaysMs: { delivered: 50, read: 100, ...overrides.statusDelaysMs },
  });
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ApiClient {
  get<T = unknown>(path: string): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  put<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
  delete<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/** A tiny fetch client; `token` null sends no Authorization header. Bodies are parsed as JSON when there is one. */
export function api(sandbox: Pick<RunningSandbox, 'url'>, token: string | null = null): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${sandbox.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    if (text !== '') {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        parsed = text;
      }
    } else {
      parsed = null;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path, body) => call('DELETE', path, body),
  };
}

/** Reads the latest one-time code of a login through the control API. */
export async function readLoginCode(sandbox: Pick<RunningSandbox, 'url'>, login: string): Promise<string> {
  const res = await api(sandbox).get<{ code: string }>(`/control/v1/login-code?login=${encodeURIComponent(login)}`);
  if (res.status !== 200) throw new Error(`no login code for ${login}: HTTP ${res.status}`);
  return res.body.code;
}

/** Logs in through the real endpoints: ask for a code, read it from the control API, verify it. */
export async function loginAs(sandbox: Pick<RunningSandbox, 'url'>, login: string): Promise<{ token: string; agent: AgentDTO; expiresAt: string }> {
  const client = api(sandbox);
  const asked = await client.post('/auth/v1/login/code', { login });
  if (asked.status !== 200) throw new Error(`login code for ${login}: HTTP ${asked.status} ${JSON.stringify(asked.body)}`);
  const code = await readLoginCode(sandbox, login);
  const verified = await client.post('/auth/v1/login/verify', { login, code });
  if (verified.status !== 200) throw new Error(`login verify for ${login}: HTTP ${verified.status} ${JSON.stringify(verified.body)}`);
  return LoginVerifyResponse.parse(verified.body);
}

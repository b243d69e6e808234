/**
 * PUT /core/v1/agent/{id} with HelenaCRM's partial body ({availability, fields: ["Availability"]}):
 * an agent pauses and comes back ("Em pausa" / "Disponível"), every GET says so; another agent's
 * availability is refused to a non-admin and allowed to an admin; bad bodies name their field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentDTO, AgentList } from '../../src/api/helena-dto';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;
let ana: { http: ApiClient; agent: AgentDTO };
let joao: { http: ApiClient; agent: AgentDTO };
let admin: { http: ApiClient; agent: AgentDTO };

async function signIn(login: string): Promise<{ http: ApiClient; agent: AgentDTO }> {
  const { token, agent } = await loginAs(sandbox, login);
  return { http: api(sandbox, token), agent };
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  ana = await signIn(DEMO_LOGINS.agent);
  joao = await signIn(DEMO_LOGINS.agent2);
  admin = await signIn(DEMO_LOGINS.admin);
});
afterAll(async () => {
  await sandbox.close();
});

async function availabilityOf(http: ApiClient, agentId: string): Promise<string | undefined> {
  const list = AgentList.parse((await http.get('/core/v1/agent')).body);
  return list.find((a) => a.id === agentId)?.availability;
}

describe('PUT /core/v1/agent/{id}: availability', () => {
  it('an agent pauses and comes back; the answer, GET by id, the list and /auth/v1/me all say so', async () => {
    const id = ana.agent.id;
    expect(ana.agent.availability).toBe('AVAILABLE');
    const before = AgentDTO.parse((await ana.http.get(`/core/v1/agent/${id}`)).body);

    const paused = await ana.http.put(`/core/v1/agent/${id}`, { availability: 'UNAVAILABLE', fields: ['Availability'] });
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    const dto = AgentDTO.parse(paused.body);
    expect(dto).toMatchObject({ id, userId: ana.agent.userId, name: ana.agent.name, availability: 'UNAVAILABLE', departments: before.departments });
    expect(dto.updatedAt! > before.updatedAt!).toBe(true);
    expect(AgentDTO.parse((await joao.http.get(`/core/v1/agent/${id}`)).body).availability).toBe('UNAVAILABLE');
    expect(await availabilityOf(joao.http, id)).toBe('UNAVAILABLE');
    expect(AgentDTO.parse((await ana.http.get('/auth/v1/me')).body).availability).toBe('UNAVAILABLE');
    // Colleagues stay as they were.
    expect(await availabilityOf(ana.http, joao.agent.id)).toBe('AVAILABLE');

    // The same value again changes nothing (not even updatedAt).
    const again = AgentDTO.parse((await ana.http.put(`/core/v1/agent/${id}`, { availability: 'UNAVAILABLE', fields: ['Availability'] })).body);
    expect(again.updatedAt).toBe(dto.updatedAt);

    const back = await ana.http.put(`/core/v1/agent/${id}`, { availability: 'AVAILABLE', fields: ['Availability'] });
    expect(back.status).toBe(200);
    expect(AgentDTO.parse(back.body).availability).toBe('AVAILABLE');
    expect(await availabilityOf(admin.http, id)).toBe('AVAILABLE');
  });

  it("refuses another agent's availability to a non-admin (403, nothing changes); an admin may", async () => {
    const target = joao.agent.id;
    const refused = await ana.http.put(`/core/v1/agent/${target}`, { availability: 'UNAVAILABLE', fields: ['Availability'] });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: true, key: 'agent.forbidden', httpStatusCode: 'Forbidden', isUnsolvableError: true });
    expect(await availabilityOf(ana.http, target)).toBe('AVAILABLE');

    const byAdmin = await admin.http.put(`/core/v1/agent/${target}`, { availability: 'UNAVAILABLE', fields: ['Availability'] });
    expect(byAdmin.status).toBe(200);
    expect(await availabilityOf(joao.http, target)).toBe('UNAVAILABLE');
    expect(AgentDTO.parse((await joao.http.get('/auth/v1/me')).body).availability).toBe('UNAVAILABLE');
    expect((await admin.http.put(`/core/v1/agent/${target}`, { availability: 'AVAILABLE', fields: ['Availability'] })).status).toBe(200);
  });

  it('validates the body, naming the field; an unknown agent is 404', async () => {
    const id = ana.agent.id;
    const cases: Array<[unknown, string]> = [
      [{ availability: 'UNAVAILABLE' }, 'fields'],
      [{ availability: 'UNAVAILABLE', fields: [] }, 'fields'],
      [{ availability: 'UNAVAILABLE', fields: ['Availabilty'] }, 'fields.0'],
      [{ fields: ['Availability'] }, 'availability'],
      [{ availability: 'ON_BREAK', fields: ['Availability'] }, 'availability'],
      [{ name: 'Outra Pessoa', fields: ['Name'] }, 'fields'],
      [{ availability: 'UNAVAILABLE', fields: ['Undefined'] }, 'fields'],
    ];
    for (const [body, field] of cases) {
      const res = await ana.http.put(`/core/v1/agent/${id}`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body, JSON.stringify(body)).toMatchObject({ key: 'validation.invalid_field', details: { field } });
    }
    expect(await availabilityOf(ana.http, id)).toBe('AVAILABLE');
    const missing = await admin.http.put('/core/v1/agent/00000000-0000-4000-8000-000000000000', { availability: 'UNAVAILABLE', fields: ['Availability'] });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ key: 'agent.not_found' });
    expect((await api(sandbox).put(`/core/v1/agent/${id}`, { availability: 'UNAVAILABLE', fields: ['Availability'] })).status).toBe(401);
  });
});

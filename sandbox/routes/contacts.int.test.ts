import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDTO, ContactPage, InternalException } from '../../src/api/helena-dto';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../testing';

let sandbox: RunningSandbox;
let http: ApiClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  http = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.agent)).token);
});
afterAll(async () => {
  await sandbox.close();
});

const count = (table: string) => (sandbox.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

async function filter(body: object) {
  const res = await http.post('/core/v1/contact/filter', body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return ContactPage.parse(res.body);
}

function expect400Naming(res: { status: number; body: unknown }, field: string): void {
  expect(res.status).toBe(400);
  const body = InternalException.parse(res.body);
  expect(body.key).toBe('validation.invalid_field');
  expect(body.text).toContain(`"${field}"`);
}

describe('GET /core/v1/contact', () => {
  it('pages through every demo contact, ordered by updatedAt, without overlap', async () => {
    const ids: string[] = [];
    let lastUpdated = '';
    for (let page = 1; ; page++) {
      const res = await http.get(`/core/v1/contact?PageNumber=${page}&PageSize=15`);
      const body = ContactPage.parse(res.body);
      expect(body.pageSize).toBe(15);
      for (const contact of body.items) {
        expect(contact.updatedAt >= lastUpdated).toBe(true);
        lastUpdated = contact.updatedAt;
        ids.push(contact.id);
      }
      if (!body.hasMorePages) {
        expect(body.totalPages).toBe(page);
        expect(body.totalItems).toBe(ids.length);
        break;
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(40);
  });

  it('returns only contacts updated at or after UpdatedAt.After (delta sync; the bound is inclusive)', async () => {
    const all = ContactPage.parse((await http.get('/core/v1/contact?PageSize=100')).body);
    const pivot = all.items[29]!;
    const delta = ContactPage.parse((await http.get(`/core/v1/contact?PageSize=100&UpdatedAt.After=${encodeURIComponent(pivot.updatedAt)}`)).body);
    expect(delta.items.map((c) => c.id)).toEqual(all.items.filter((c) => c.updatedAt >= pivot.updatedAt).map((c) => c.id));
    expect(delta.items.map((c) => c.id)).toContain(pivot.id);
  });

  it('never skips a change made in the same millisecond as the cursor', async () => {
    const sameMs = '2031-05-06T07:08:09.123Z';
    const created = [];
    for (const [name, phone] of [
      ['Cursor Um', '+5511970000001'],
      ['Cursor Dois', '+5511970000002'],
    ] as const) {
      const res = await http.post('/core/v1/contact', { name, phoneNumber: phone });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      created.push(ContactDTO.parse(res.body).id);
    }
    // Both changes land in one millisecond; the client has seen the first and keeps its updatedAt as cursor.
    sandbox.ctx.db.prepare(`UPDATE contacts SET updated_at = ? WHERE id IN (?, ?)`).run(sameMs, created[0], created[1]);
    const query = `/core/v1/contact?PageSize=100&UpdatedAt.After=${encodeURIComponent(sameMs)}`;
    const delta = ContactPage.parse((await http.get(query)).body);
    expect(delta.items.map((c) => c.id)).toEqual(expect.arrayContaining(created));
    const filtered = await filter({ updatedAt: { after: sameMs }, pageSize: 100 });
    expect(filtered.items.map((c) => c.id)).toEqual(expect.arrayContaining(created));
    // One millisecond later is past both.
    const later = ContactPage.parse((await http.get(`/core/v1/contact?PageSize=100&UpdatedAt.After=${encodeURIComponent('2031-05-06T07:08:09.124Z')}`)).body);
    expect(later.items.map((c) => c.id)).not.toContain(created[0]);
    expect(later.items.map((c) => c.id)).not.toContain(created[1]);
  });

  it('reads query names case-insensitively and refuses a bad PageSize naming it', async () => {
    const lower = ContactPage.parse((await http.get('/core/v1/contact?pagesize=3&pagenumber=2')).body);
    expect(lower.items).toHaveLength(3);
    expect(lower.pageNumber).toBe(2);
    expect400Naming(await http.get('/core/v1/contact?PageSize=101'), 'PageSize');
    expect400Naming(await http.get('/core/v1/contact?UpdatedAt.After=ontem'), 'UpdatedAt.After');
  });
});

describe('POST /core/v1/contact/filter', () => {
  it('finds a name ignoring accents and case, words in any order', async () => {
    const byFolded = await filter({ textFilter: 'CONCEICAO santos' });
    expect(byFolded.items.map((c) => c.name)).toContain('Maria da Conceição Santos');
    const byAccent = await filter({ textFilter: 'gonçalves' });
    expect(byAccent.items.map((c) => c.name)).toContain('Ana Lúcia Gonçalves');
    const reordered = await filter({ textFilter: 'silva joão' });
    expect(reordered.items.map((c) => c.name)).toContain('João da Silva');
  });

  it('finds a phone typed in any format, also without the ninth digit', async () => {
    for (const typed of ['+55 11 98765-4321', '(11) 98765-4321', '11987654321', '98765-4321', '(11) 8765-4321']) {
      const page = await filter({ textFilter: typed });
      expect(page.items.map((c) => c.phoneNumber), typed).toContain('+5511987654321');
    }
  });

  it('finds an email, and nothing for a text nobody has', async () => {
    expect((await filter({ textFilter: 'livia.cunha@' })).items.map((c) => c.name)).toEqual(['Lívia Cunha']);
    const none = await filter({ textFilter: 'xyzzy-ninguém' });
    expect(none.items).toEqual([]);
    expect(none.totalItems).toBe(0);
  });

  it('combines textFilter with updatedAt.after and paging', async () => {
    const all = await filter({ pageSize: 100 });
    const pivot = all.items[9]!;
    const page = await filter({ updatedAt: { after: pivot.updatedAt }, pageSize: 5, pageNumber: 2 });
    // The bound is inclusive: the delta starts at the pivot's millisecond.
    const delta = all.items.filter((c) => c.updatedAt >= pivot.updatedAt);
    expect(page.items.map((c) => c.id)).toEqual(delta.slice(5, 10).map((c) => c.id));
    expect400Naming(await http.post('/core/v1/contact/filter', { pageSize: 0 }), 'pageSize');
  });
});

describe('creating and updating contacts', () => {
  it('creates a contact with the phone normalised to E.164 and emits CONTACT_NEW', async () => {
    const before = sandbox.ctx.events.lastOffset();
    const res = await http.post('/core/v1/contact', { name: 'Glória Estêvão', phoneNumber: '(47) 8812-3456', email: 'gloria@exemplo.com.br', tagNames: ['lead'] });
    expect(res.status).toBe(200);
    const created = ContactDTO.parse(res.body);
    expect(created.phoneNumber).toBe('+5547988123456');
    expect(created.tagNames).toEqual(['lead']);
    const fetched = ContactDTO.parse((await http.get(`/core/v1/contact/${created.id}`)).body);
    expect(fetched).toEqual(created);
    const events = sandbox.ctx.events.after(before) ?? [];
    expect(events.map((e) => e.eventType)).toEqual(['CONTACT_NEW']);
    expect(ContactDTO.parse(events[0]!.content).id).toBe(created.id);
    expect((await filter({ textFilter: 'gloria estevao' })).items.map((c) => c.id)).toEqual([created.id]);
  });

  it('answers 400 naming the field and writes nothing', async () => {
    const contacts = count('contacts');
    const offset = sandbox.ctx.events.lastOffset();
    expect400Naming(await http.post('/core/v1/contact', { name: 'Sem Telefone', phoneNumber: '123' }), 'phoneNumber');
    expect400Naming(await http.post('/core/v1/contact', { name: 'E-mail ruim', email: 'não é email' }), 'email');
    expect400Naming(await http.post('/core/v1/contact', { name: 'x'.repeat(256), phoneNumber: '11987650001' }), 'name');
    expect400Naming(await http.post('/core/v1/contact', { name: 'Tags', phoneNumber: '11987650001', tagNames: 'vip' }), 'tagNames');
    expect400Naming(await http.post('/core/v1/contact', { name: 'Só nome' }), 'phoneNumber');
    const badJson = await fetch(`${sandbox.url}/core/v1/contact`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${(await loginAs(sandbox, DEMO_LOGINS.agent)).token}` },
      body: '{"name": ',
    });
    expect(badJson.status).toBe(400);
    expect(count('contacts')).toBe(contacts);
    expect(sandbox.ctx.events.lastOffset()).toBe(offset);
  });

  it('refuses a duplicate phone with 409 (no new row), returns or updates it with getIfExists / upsert', async () => {
    const contacts = count('contacts');
    const dup = await http.post('/core/v1/contact', { name: 'Outro João', phoneNumber: '11 98765-4321' });
    expect(dup.status).toBe(409);
    expect(InternalException.parse(dup.body).key).toBe('contact.duplicate_phone');
    expect(count('contacts')).toBe(contacts);

    const got = await http.post('/core/v1/contact', { name: 'Outro João', phoneNumber: '11 98765-4321', options: { getIfExists: true } });
    expect(ContactDTO.parse(got.body).name).toBe('João da Silva');
    const upserted = await http.post('/core/v1/contact', {
      annotation: 'Cliente desde 2019',
      phoneNumber: '+5511987654321',
      options: { upsert: true },
    });
    expect(upserted.status).toBe(200);
    const contact = ContactDTO.parse(upserted.body);
    expect(contact.name).toBe('João da Silva');
    expect(contact.annotation).toBe('Cliente desde 2019');
    expect(count('contacts')).toBe(contacts);
  });

  it('updates only the listed fields, bumps updatedAt and emits CONTACT_UPDATE', async () => {
    const created = ContactDTO.parse(
      (await http.post('/core/v1/contact', { name: 'Raquel Simões', phoneNumber: '21 99876-1111', email: 'raquel@exemplo.com.br', tagNames: ['lead'] })).body,
    );
    sandbox.ctx.clock.advance(1000);
    const offset = sandbox.ctx.events.lastOffset();
    const res = await http.put(`/core/v2/contact/${created.id}`, {
      fields: ['Name', 'Tags'],
      name: 'Raquel Simões Brandão',
      email: 'ignorado@exemplo.com.br',
      tagNames: ['cliente'],
      options: { tagsOperation: 'InsertIfNotExists' },
    });
    expect(res.status).toBe(200);
    const updated = ContactDTO.parse(res.body);
    expect(updated.name).toBe('Raquel Simões Brandão');
    expect(updated.email).toBe('raquel@exemplo.com.br');
    expect(updated.tagNames).toEqual(['lead', 'cliente']);
    expect(updated.updatedAt > created.updatedAt).toBe(true);
    expect((sandbox.ctx.events.after(offset) ?? []).map((e) => e.eventType)).toEqual(['CONTACT_UPDATE']);

    const delta = ContactPage.parse((await http.get(`/core/v1/contact?UpdatedAt.After=${encodeURIComponent(created.updatedAt)}`)).body);
    expect(delta.items.map((c) => c.id)).toContain(created.id);
  });

  it('refuses a bad update naming the field, a taken phone with 409, an unknown id with 404; none writes', async () => {
    const target = ContactPage.parse((await http.get('/core/v1/contact?PageSize=1')).body).items[0]!;
    const offset = sandbox.ctx.events.lastOffset();
    expect400Naming(await http.put(`/core/v2/contact/${target.id}`, { fields: ['Email'], email: 'nope' }), 'email');
    expect400Naming(await http.put(`/core/v2/contact/${target.id}`, { fields: ['Nome'] }), 'fields.0');
    expect400Naming(await http.put('/core/v2/contact/not-a-uuid', { name: 'x' }), 'id');
    const taken = await http.put(`/core/v2/contact/${target.id}`, { fields: ['Name', 'PhoneNumber'], name: 'Mudou', phoneNumber: '+5521998877665' });
    expect(taken.status).toBe(409);
    expect((await http.put('/core/v2/contact/00000000-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
    expect(ContactDTO.parse((await http.get(`/core/v1/contact/${target.id}`)).body)).toEqual(target);
    expect(sandbox.ctx.events.lastOffset()).toBe(offset);
  });

  it('finds a contact by phone number in any format', async () => {
    const res = await http.get(`/core/v1/contact/phonenumber/${encodeURIComponent('(21) 99887-7665')}`);
    expect(ContactDTO.parse(res.body).name).toBe('Ana Lúcia Gonçalves');
    expect((await http.get('/core/v1/contact/phonenumber/5511900000000')).status).toBe(404);
  });
});

describe('unknown routes', () => {
  it('answer 404 with the InternalException body', async () => {
    const res = await http.get('/core/v1/nada-aqui');
    expect(res.status).toBe(404);
    expect(InternalException.parse(res.body).key).toBe('route.not_found');
  });
});

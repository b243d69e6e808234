/**
 * The company's tags (GET /core/v1/tag) and a contact's tags (POST /core/v1/contact/{id}/tags):
 * add, remove and replace by id or by name, refusals in HelenaCRM's shape, CONTACT_TAG_UPDATE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContactDTO, InternalException } from '../../src/api/helena-dto';
import { tagIdOf } from '../data/ids';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../testing';
import { DEMO_CONTACTS, demoContactId } from '../seed';

let sandbox: RunningSandbox;
let http: ApiClient;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  http = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.agent)).token);
});
afterAll(async () => {
  await sandbox.close();
});

const TagList = z.array(z.object({ id: z.string().uuid(), createdAt: z.string(), updatedAt: z.string(), name: z.string().nullable(), color: z.string().nullable() }));
const joao = demoContactId(DEMO_CONTACTS.findIndex((c) => c.name === 'João da Silva'));

async function setTags(contactId: string, body: object) {
  return http.post(`/core/v1/contact/${contactId}/tags`, body);
}

describe('GET /core/v1/tag', () => {
  it("lists the demo company's tags with ids matching the contacts' tagIds", async () => {
    const res = await http.get('/core/v1/tag');
    expect(res.status).toBe(200);
    const tags = TagList.parse(res.body);
    expect(tags.map((t) => t.name)).toEqual(expect.arrayContaining(['cliente', 'lead', 'vip', 'inadimplente', 'empresa', 'retorno']));
    const vip = tags.find((t) => t.name === 'vip')!;
    expect(vip).toMatchObject({ id: tagIdOf('vip'), color: 'YELLOW_500' });
    const contact = ContactDTO.parse((await http.get(`/core/v1/contact/${joao}`)).body);
    expect(contact.tagIds).toEqual([tagIdOf('cliente')]);
  });

  it('needs a login', async () => {
    expect((await api(sandbox, null).get('/core/v1/tag')).status).toBe(401);
  });
});

describe('POST /core/v1/contact/{id}/tags', () => {
  it('adds by id (InsertIfNotExists) keeping the tags the contact had, and announces CONTACT_TAG_UPDATE', async () => {
    const offset = sandbox.ctx.events.lastOffset();
    const res = await setTags(joao, { tagIds: [tagIdOf('vip'), tagIdOf('cliente')], operation: 'InsertIfNotExists' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const contact = ContactDTO.parse(res.body);
    expect(contact.tagNames).toEqual(['cliente', 'vip']);
    expect(contact.tagIds).toEqual([tagIdOf('cliente'), tagIdOf('vip')]);
    const events = sandbox.ctx.events.after(offset) ?? [];
    expect(events.map((e) => e.eventType)).toEqual(['CONTACT_TAG_UPDATE']);
    expect(events[0]!.content).toMatchObject({ id: joao, tagNames: ['cliente', 'vip'] });
    // GET has it too.
    expect(ContactDTO.parse((await http.get(`/core/v1/contact/${joao}`)).body).tagNames).toEqual(['cliente', 'vip']);
  });

  it('adding what the contact already has changes nothing and announces nothing', async () => {
    const before = ContactDTO.parse((await http.get(`/core/v1/contact/${joao}`)).body);
    const offset = sandbox.ctx.events.lastOffset();
    const res = await setTags(joao, { tagNames: ['VIP'], operation: 'InsertIfNotExists' });
    expect(ContactDTO.parse(res.body)).toMatchObject({ tagNames: before.tagNames, updatedAt: before.updatedAt });
    expect(sandbox.ctx.events.lastOffset()).toBe(offset);
  });

  it('removes by id (DeleteIfExists) and replaces (ReplaceAll); a known name keeps the company spelling', async () => {
    const removed = ContactDTO.parse((await setTags(joao, { tagIds: [tagIdOf('vip')], operation: 'DeleteIfExists' })).body);
    expect(removed.tagNames).toEqual(['cliente']);
    const replaced = ContactDTO.parse((await setTags(joao, { tagNames: ['Lead', 'retorno'], operation: 'ReplaceAll' })).body);
    expect(replaced.tagNames).toEqual(['lead', 'retorno']);
    const cleared = ContactDTO.parse((await setTags(joao, { tagIds: [], operation: 'ReplaceAll' })).body);
    expect(cleared.tagNames).toEqual([]);
    await setTags(joao, { tagNames: ['cliente'], operation: 'ReplaceAll' });
  });

  it('a new name becomes a company tag', async () => {
    const contact = ContactDTO.parse((await setTags(joao, { tagNames: ['indicação'], operation: 'InsertIfNotExists' })).body);
    expect(contact.tagIds).toContain(tagIdOf('indicação'));
    const tags = TagList.parse((await http.get('/core/v1/tag')).body);
    expect(tags.find((t) => t.name === 'indicação')).toMatchObject({ id: tagIdOf('indicação'), color: 'GRAY_600' });
    await setTags(joao, { tagNames: ['indicação'], operation: 'DeleteIfExists' });
  });

  it('refuses an unknown tag id, a missing operation, a malformed id and an unknown contact, changing nothing', async () => {
    const offset = sandbox.ctx.events.lastOffset();
    const unknownTag = await setTags(joao, { tagIds: ['00000000-0000-4000-8000-000000000000'], operation: 'InsertIfNotExists' });
    expect(unknownTag.status).toBe(400);
    expect(InternalException.parse(unknownTag.body)).toMatchObject({ key: 'validation.invalid_field' });
    expect(InternalException.parse(unknownTag.body).text).toContain('"tagIds[0]"');

    const noOperation = await setTags(joao, { tagIds: [tagIdOf('vip')] });
    expect(noOperation.status).toBe(400);
    expect(InternalException.parse(noOperation.body).text).toContain('"operation"');

    expect((await setTags(joao, { tagIds: ['vip'], operation: 'InsertIfNotExists' })).status).toBe(400);
    const missing = await setTags('00000000-0000-4000-8000-000000000001', { tagIds: [tagIdOf('vip')], operation: 'InsertIfNotExists' });
    expect(missing.status).toBe(404);
    expect(InternalException.parse(missing.body).key).toBe('contact.not_found');

    expect(sandbox.ctx.events.lastOffset()).toBe(offset);
    expect(ContactDTO.parse((await http.get(`/core/v1/contact/${joao}`)).body).tagNames).toEqual(['cliente']);
  });
});

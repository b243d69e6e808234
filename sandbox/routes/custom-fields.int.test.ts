/**
 * The company's contact custom fields (GET /core/v1/contact/custom-field): within core.json's
 * PublicCustomFieldDTO, flat or nested in their groups, contact fields only; the demo contacts'
 * values keyed as the definitions say (a select by its option's id).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactDTO, CustomFieldList } from '../../src/api/helena-dto';
import { customFieldOptionIdOf } from '../data/custom-fields';
import { api, DEMO_LOGINS, loginAs, startTestSandbox, type ApiClient, type RunningSandbox } from '../testing';
import { DEMO_CONTACTS, demoContactId } from '../seed';

type Schemas = Record<string, { properties: Record<string, unknown> }>;
const SCHEMAS = (JSON.parse(readFileSync(join(__dirname, '../../../shared/helena-openapi/core.json'), 'utf8')) as { components: { schemas: Schemas } }).components.schemas;
const stray = (value: object) => Object.keys(value).filter((k) => !Object.keys(SCHEMAS.PublicCustomFieldDTO?.properties ?? {}).includes(k));

let sandbox: RunningSandbox;
let http: ApiClient;
beforeAll(async () => {
  sandbox = await startTestSandbox();
  http = api(sandbox, (await loginAs(sandbox, DEMO_LOGINS.agent)).token);
});
afterAll(async () => {
  await sandbox.close();
});

describe('GET /core/v1/contact/custom-field', () => {
  it('lists the contact fields flat by default, each within the schema, PANEL fields left out', async () => {
    const res = await http.get('/core/v1/contact/custom-field');
    expect(res.status).toBe(200);
    const body = res.body as Array<Record<string, unknown>>;
    for (const field of body) expect(stray(field)).toEqual([]);
    const fields = CustomFieldList.parse(body);
    expect(fields.map((f) => f.key)).toEqual(['dados_cliente', 'plano', 'cliente_desde', 'ultimo_pedido', 'aceita_ofertas', 'cidade', 'score_credito']);
    const group = fields.find((f) => f.key === 'dados_cliente');
    expect(fields.find((f) => f.key === 'plano')).toMatchObject({ type: 'SINGLESELECT', parentId: group?.id, options: [{ name: 'Básico' }, { name: 'Premium' }, { name: 'Empresarial' }] });
    expect(fields.find((f) => f.key === 'score_credito')?.visible).toBe(false);
  });

  it('nests the fields in their groups with NestedList=true (any case)', async () => {
    const res = await http.get('/core/v1/contact/custom-field?nestedlist=True');
    expect(res.status).toBe(200);
    const top = res.body as Array<{ key: string; children: Array<{ key: string }> | null }>;
    expect(top.map((f) => f.key)).toEqual(['dados_cliente', 'cidade', 'score_credito']);
    expect(top[0]?.children?.map((c) => c.key)).toEqual(['plano', 'cliente_desde', 'ultimo_pedido', 'aceita_ofertas']);
    expect((await http.get('/core/v1/contact/custom-field?NestedList=talvez')).status).toBe(400);
  });

  it("keys a demo contact's values as the definitions do", async () => {
    const joao = demoContactId(DEMO_CONTACTS.findIndex((c) => c.name === 'João da Silva'));
    const contact = ContactDTO.parse((await http.get(`/core/v1/contact/${joao}`)).body);
    expect(contact.customFields).toEqual({
      cidade: 'São Paulo', plano: customFieldOptionIdOf('plano', 'Premium'), cliente_desde: '2019-05-10', ultimo_pedido: '#48102', aceita_ofertas: true, score_credito: 720,
    });
  });

  it('needs a login', async () => {
    expect((await api(sandbox, null).get('/core/v1/contact/custom-field')).status).toBe(401);
  });
});

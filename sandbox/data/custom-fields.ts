/**
 * The demo company's contact custom fields ("Campos personalizados", PublicCustomFieldDTO): fixed
 * definitions, as an admin would have set them up, with stable ids. Contacts keep their values by
 * `key` (contacts.custom_fields); a select keeps the option's id, as the client must map it.
 */
import type { SandboxContext } from '../context';
import { stableUuid } from './ids';

type FieldType = 'GROUP' | 'STRING' | 'TEXT' | 'INTEGER' | 'FLOAT' | 'SINGLESELECT' | 'MULTISELECT' | 'DATE' | 'TIME' | 'DATETIME' | 'BOOLEAN';

interface FieldSpec {
  key: string;
  name: string;
  type: FieldType;
  group?: string;
  position: number;
  visible?: boolean;
  entityType?: 'CONTACT' | 'PANEL';
  options?: string[];
}

const FIELDS: readonly FieldSpec[] = [
  { key: 'dados_cliente', name: 'Dados do cliente', type: 'GROUP', position: 0 },
  { key: 'plano', name: 'Plano', type: 'SINGLESELECT', group: 'dados_cliente', position: 0, options: ['Básico', 'Premium', 'Empresarial'] },
  { key: 'cliente_desde', name: 'Cliente desde', type: 'DATE', group: 'dados_cliente', position: 1 },
  { key: 'ultimo_pedido', name: 'Último pedido', type: 'STRING', group: 'dados_cliente', position: 2 },
  { key: 'aceita_ofertas', name: 'Aceita ofertas', type: 'BOOLEAN', group: 'dados_cliente', position: 3 },
  { key: 'cidade', name: 'Cidade', type: 'STRING', position: 1 },
  // Kept from agents by the admin: never shown on the desk.
  { key: 'score_credito', name: 'Score de crédito', type: 'INTEGER', position: 2, visible: false },
  // A field of HelenaCRM's boards (painéis), not of contacts.
  { key: 'etapa_funil', name: 'Etapa do funil', type: 'STRING', position: 0, entityType: 'PANEL' },
];

export const customFieldIdOf = (key: string): string => stableUuid(`custom-field:${key}`);
export const customFieldOptionIdOf = (key: string, option: string): string => stableUuid(`custom-field:${key}:${option}`);

export interface CustomFieldDTO {
  id: string;
  createdAt: string;
  updatedAt: string;
  parentId: string | null;
  type: FieldType;
  entityType: 'CONTACT' | 'PANEL';
  scopeId: string | null;
  companyId: string;
  name: string | null;
  key: string | null;
  position: number;
  required: boolean;
  visible: boolean;
  isValueRange: boolean;
  options: Array<{ id: string; name: string | null }> | null;
  children: CustomFieldDTO[] | null;
}

const DEFINED_AT = '2024-01-15T12:00:00.000Z';

function toDTO(ctx: SandboxContext, spec: FieldSpec, children: CustomFieldDTO[] | null): CustomFieldDTO {
  return {
    id: customFieldIdOf(spec.key),
    createdAt: DEFINED_AT,
    updatedAt: DEFINED_AT,
    parentId: spec.group ? customFieldIdOf(spec.group) : null,
    type: spec.type,
    entityType: spec.entityType ?? 'CONTACT',
    scopeId: null,
    companyId: ctx.companyId,
    name: spec.name,
    key: spec.key,
    position: spec.position,
    required: false,
    visible: spec.visible ?? true,
    isValueRange: false,
    options: spec.options ? spec.options.map((name) => ({ id: customFieldOptionIdOf(spec.key, name), name })) : null,
    children,
  };
}

/** GET /core/v1/contact/custom-field: contact fields only; flat, or nested in their groups (NestedList). */
export function listContactCustomFields(ctx: SandboxContext, nested: boolean): CustomFieldDTO[] {
  const contactFields = FIELDS.filter((f) => (f.entityType ?? 'CONTACT') === 'CONTACT');
  if (!nested) return contactFields.map((f) => toDTO(ctx, f, null));
  return contactFields
    .filter((f) => !f.group)
    .map((f) => toDTO(ctx, f, f.type === 'GROUP' ? contactFields.filter((c) => c.group === f.key).map((c) => toDTO(ctx, c, null)) : null));
}

/**
 * A contact's custom fields ("Campos personalizados": plano, cliente desde, último pedido…) as the
 * conversation shows them under the contact's name: HelenaCRM keeps the values on the contact by
 * the field's `key` and the definitions (label, type, order, visibility, options) apart.
 *
 * What HelenaCRM stores for each type is not specified (the contact's `customFields` is a free
 * map), so every value is read defensively: a select may hold the option's id or its name, a
 * number or a boolean may come as text, a date as a date or a date-time. A value this reads as
 * nothing (empty, or a shape it does not know) is left out rather than shown wrong.
 */
import type { CustomFieldDTO, CustomFieldType } from '../api/helena-dto';

/** A definition as the cache keeps it (the DTO's fields the view needs). */
export interface ContactFieldDefinition {
  id: string;
  parentId: string | null;
  type: CustomFieldType;
  name: string | null;
  key: string | null;
  position: number;
  visible: boolean;
  isValueRange: boolean;
  options: Array<{ id: string; name: string | null }>;
}

/** One value, typed so the screen formats it in the agent's language (dates, numbers, Sim/Não). */
export type ContactFieldValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; number: number }
  | { kind: 'date'; date: string }
  | { kind: 'datetime'; at: string }
  | { kind: 'time'; time: string }
  | { kind: 'boolean'; yes: boolean }
  | { kind: 'list'; items: string[] }
  | { kind: 'range'; from: ContactFieldValue; to: ContactFieldValue };

export interface ContactField {
  key: string;
  /** The company's name for the field ("Plano"), or its key when HelenaCRM gave none. */
  label: string;
  value: ContactFieldValue;
}

/** Contact fields only (PANEL ones belong to HelenaCRM's boards), as the cache keeps them. */
export function contactFieldDefinitions(dtos: readonly CustomFieldDTO[]): ContactFieldDefinition[] {
  return dtos
    .filter((dto) => (dto.entityType ?? 'CONTACT') === 'CONTACT')
    .map((dto) => ({
      id: dto.id,
      parentId: dto.parentId ?? null,
      type: dto.type,
      name: dto.name?.trim() || null,
      key: dto.key?.trim() || null,
      position: dto.position ?? 0,
      visible: dto.visible ?? true,
      isValueRange: dto.isValueRange ?? false,
      options: (dto.options ?? []).map((o) => ({ id: o.id, name: o.name?.trim() || null })),
    }));
}

const DATE = /^(\d{4}-\d{2}-\d{2})(?:$|T)/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?$/;

function textOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw.trim() || null;
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  if (typeof raw === 'boolean') return null;
  return null;
}

function numberOf(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  const n = Number(raw.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : null;
}

function booleanOf(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const t = raw.trim().toLowerCase();
    if (['true', 'sim', '1'].includes(t)) return true;
    if (['false', 'não', 'nao', '0'].includes(t)) return false;
  }
  if (raw === 1 || raw === 0) return raw === 1;
  return null;
}

/** An option by its id (case aside) or, failing that, the value itself as the option's name. */
function optionName(raw: unknown, def: ContactFieldDefinition): string | null {
  const text = textOf(raw);
  if (text === null) return null;
  const byId = def.options.find((o) => o.id.toLowerCase() === text.toLowerCase());
  return byId ? (byId.name ?? null) : text;
}

/** One value of a field's type (no range, no list), or null when it reads as nothing. */
function scalarOf(raw: unknown, def: ContactFieldDefinition): ContactFieldValue | null {
  switch (def.type) {
    case 'INTEGER':
    case 'FLOAT': {
      const number = numberOf(raw);
      return number === null ? null : { kind: 'number', number };
    }
    case 'BOOLEAN': {
      const yes = booleanOf(raw);
      return yes === null ? null : { kind: 'boolean', yes };
    }
    case 'DATE': {
      const match = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
      return match?.[1] && !Number.isNaN(Date.parse(match[1])) ? { kind: 'date', date: match[1] } : null;
    }
    case 'DATETIME': {
      const text = textOf(raw);
      return text !== null && !Number.isNaN(Date.parse(text)) ? { kind: 'datetime', at: text } : null;
    }
    case 'TIME': {
      const match = typeof raw === 'string' ? TIME.exec(raw.trim()) : null;
      return match ? { kind: 'time', time: `${match[1]}:${match[2]}` } : null;
    }
    case 'SINGLESELECT': {
      const name = optionName(raw, def);
      return name === null ? null : { kind: 'text', text: name };
    }
    default: {
      if (typeof raw === 'boolean') return { kind: 'boolean', yes: raw };
      const text = textOf(raw);
      return text === null ? null : { kind: 'text', text };
    }
  }
}

function valueOf(raw: unknown, def: ContactFieldDefinition): ContactFieldValue | null {
  if (def.type === 'MULTISELECT') {
    const values = Array.isArray(raw) ? raw : [raw];
    const items = values.map((v) => optionName(v, def)).filter((v): v is string => v !== null);
    return items.length > 0 ? { kind: 'list', items } : null;
  }
  if (def.isValueRange && Array.isArray(raw) && raw.length === 2) {
    const from = scalarOf(raw[0], def);
    const to = scalarOf(raw[1], def);
    return from && to ? { kind: 'range', from, to } : null;
  }
  return scalarOf(raw, def);
}

/**
 * The fields to show, in the company's order (a group's fields where the group stands): only
 * visible contact fields the contact has a value for. None before the definitions were ever heard
 * (the first opening fetches them, offline since the install): unlabelled, a select would read as
 * its option's id and a field the admin hid would show.
 */
export function contactFieldsOf(values: Readonly<Record<string, unknown>>, definitions: readonly ContactFieldDefinition[] | null): ContactField[] {
  if (definitions === null) return [];
  const groups = new Map(definitions.filter((d) => d.type === 'GROUP').map((d) => [d.id, d]));
  const place = (def: ContactFieldDefinition): [number, number] => {
    const group = def.parentId ? groups.get(def.parentId) : undefined;
    return group ? [group.position, def.position] : [def.position, -1];
  };
  return definitions
    .filter((def) => def.type !== 'GROUP' && def.visible && def.key !== null && (def.parentId === null || groups.get(def.parentId)?.visible !== false))
    .sort((a, b) => {
      const [ga, pa] = place(a);
      const [gb, pb] = place(b);
      return ga - gb || pa - pb || a.id.localeCompare(b.id);
    })
    .flatMap((def) => {
      const key = def.key ?? '';
      if (!Object.hasOwn(values, key)) return [];
      const value = valueOf(values[key], def);
      return value ? [{ key, label: def.name ?? key, value }] : [];
    });
}

/**
 * Contacts (core): list, filter (textFilter over name/email/phone), get, create, update, the
 * contact's tags (POST /contact/{id}/tags) and the company's tags (GET /tag).
 * Every write runs in one transaction with its CONTACT_NEW / CONTACT_UPDATE event, so a refused
 * request leaves neither a row nor an event behind.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalisePhone } from '../../src/domain/phone';
import type { SandboxContext } from '../context';
import {
  contactById,
  contactByPhone,
  fieldsOf,
  insertContact,
  listContacts,
  toContactDTO,
  updateContact,
  type ContactFields,
  type ContactRow,
} from '../data/contacts';
import { listTags, tagById, toTagDTO } from '../data/tags';
import { listContactCustomFields } from '../data/custom-fields';
import { ApiError } from '../http-errors';
import { inTransaction, invalidField, pageOf, pagingOf, parseBody, parseParams, parseQuery } from '../validation';
import {
  CreateContactBody,
  FilterContactBody,
  IdParams,
  ListContactsQuery,
  PhoneParams,
  UpdateContactBody,
  UpdateContactTagsBody,
  type ContactFieldName,
  type TagsOperation,
} from './contact-bodies';

/** ASP.NET reads booleans case-insensitively; anything else is a 400. */
const CustomFieldQuery = z.object({ NestedList: z.string().toLowerCase().pipe(z.enum(['true', 'false'])).optional() });

function e164Of(raw: string | null | undefined, field = 'phoneNumber'): string | null {
  if (raw === null || raw === undefined) return null;
  const phone = normalisePhone(raw);
  if (!phone) throw invalidField(field, `"${raw}" is not a valid phone number`);
  return phone.e164;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'contact.not_found', `Contact ${id} not found.`, { id });
}

function duplicatePhone(phone: string, existing: ContactRow): ApiError {
  return new ApiError(409, 'contact.duplicate_phone', `Invalid field "phoneNumber": contact ${existing.id} already has ${phone}.`, {
    field: 'phoneNumber',
    contactId: existing.id,
  });
}

function applyTags(current: string[], given: string[], operation: TagsOperation): string[] {
  const has = (list: string[], tag: string) => list.some((t) => t.toLowerCase() === tag.toLowerCase());
  if (operation === 'ReplaceAll') return given.filter((tag, i) => !has(given.slice(0, i), tag));
  if (operation === 'DeleteIfExists') return current.filter((tag) => !has(given, tag));
  return [...current, ...given.filter((tag, i) => !has(current, tag) && !has(given.slice(0, i), tag))];
}

type WritableBody = Pick<UpdateContactBody, 'name' | 'phoneNumber' | 'email' | 'instagram' | 'annotation' | 'tagNames' | 'customFields'> & {
  status?: ContactFields['status'] | null;
};

/** Which fields a body changes: the `fields` list when given, else every field present in the body. */
function fieldsToWrite(body: Record<string, unknown>, listed: ContactFieldName[] | null | undefined): Set<ContactFieldName> {
  if (listed && listed.length > 0) return new Set(listed);
  const present = new Set<ContactFieldName>();
  const byKey: [string, ContactFieldName][] = [
    ['name', 'Name'],
    ['phoneNumber', 'PhoneNumber'],
    ['email', 'Email'],
    ['instagram', 'Instagram'],
    ['annotation', 'Annotation'],
    ['tagNames', 'Tags'],
    ['status', 'Status'],
    ['customFields', 'CustomFields'],
  ];
  for (const [key, field] of byKey) if (body[key] !== undefined) present.add(field);
  return present;
}

/** `before` with the chosen fields of `body` written over it (phone already normalised). */
function merged(before: ContactFields, body: WritableBody, phone: string | null, fields: Set<ContactFieldName>, tagsOp: TagsOperation): ContactFields {
  const next = { ...before, customFields: { ...before.customFields } };
  if (fields.has('Name')) next.name = body.name ?? null;
  if (fields.has('PhoneNumber')) next.phone = phone;
  if (fields.has('Email')) next.email = body.email ?? null;
  if (fields.has('Instagram')) next.instagram = body.instagram ?? null;
  if (fields.has('Annotation')) next.annotation = body.annotation ?? null;
  if (fields.has('Tags')) next.tagNames = applyTags(before.tagNames, body.tagNames ?? [], tagsOp);
  if (fields.has('Status')) {
    if (!body.status) throw invalidField('status', 'required when "fields" lists Status');
    next.status = body.status;
  }
  if (fields.has('CustomFields')) {
    // Keys given are set; a key given as null is removed.
    for (const [key, value] of Object.entries(body.customFields ?? {})) {
      if (value === null) delete next.customFields[key];
      else next.customFields[key] = value;
    }
  }
  return next;
}

function assertPhoneFree(ctx: SandboxContext, phone: string | null, selfId: string | null): void {
  if (phone === null) return;
  const existing = contactByPhone(ctx, phone);
  if (existing && existing.id !== selfId) throw duplicatePhone(phone, existing);
}

export function registerContactRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/core/v1/contact', async (request) => {
    const query = parseQuery(ListContactsQuery, request);
    const paging = pagingOf(query);
    const orderBy = query.OrderBy ?? 'UpdatedAt';
    const result = listContacts(
      ctx,
      {
        status: query.Status ?? 'ACTIVE',
        createdAfter: query['CreatedAt.After'],
        createdBefore: query['CreatedAt.Before'],
        updatedAfter: query['UpdatedAt.After'],
        updatedBefore: query['UpdatedAt.Before'],
        orderBy,
      },
      paging,
    );
    return pageOf(paging, orderBy, result.totalItems, result.rows.map((row) => toContactDTO(ctx, row)));
  });

  app.post('/core/v1/contact/filter', async (request) => {
    const body = parseBody(FilterContactBody, request);
    const paging = pagingOf(body);
    const orderBy = body.orderBy ?? 'UpdatedAt';
    const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);
    let phone: string | null = null;
    if (body.phoneNumber) phone = e164Of(body.phoneNumber);
    const result = listContacts(
      ctx,
      {
        status: body.status ?? 'ACTIVE',
        createdAfter: iso(body.createdAt?.after),
        createdBefore: iso(body.createdAt?.before),
        updatedAfter: iso(body.updatedAt?.after),
        updatedBefore: iso(body.updatedAt?.before),
        textFilter: body.textFilter,
        name: body.name,
        email: body.email,
        phone,
        tagNames: body.tagNames,
        orderBy,
      },
      paging,
    );
    return pageOf(paging, orderBy, result.totalItems, result.rows.map((row) => toContactDTO(ctx, row)));
  });

  app.get('/core/v1/contact/phonenumber/:phone', async (request) => {
    const { phone } = parseParams(PhoneParams, request);
    const e164 = e164Of(phone, 'phone');
    const row = e164 ? contactByPhone(ctx, e164) : undefined;
    if (!row) throw new ApiError(404, 'contact.not_found', `No contact with phone ${phone}.`, { phone });
    return toContactDTO(ctx, row);
  });

  app.get('/core/v1/contact/:id', async (request) => {
    const { id } = parseParams(IdParams, request);
    const row = contactById(ctx, id);
    if (!row) throw notFound(id);
    return toContactDTO(ctx, row);
  });

  app.post('/core/v1/contact', async (request) => {
    const body = parseBody(CreateContactBody, request);
    const phone = e164Of(body.phoneNumber);
    if (phone === null && !body.email && !body.instagram) {
      throw invalidField('phoneNumber', 'a contact needs a phoneNumber, an email or an instagram');
    }
    const row = inTransaction(ctx, () => {
      const existing = phone === null ? undefined : contactByPhone(ctx, phone);
      if (existing) {
        if (body.options?.getIfExists && !body.options.upsert) return existing;
        if (!body.options?.upsert) throw duplicatePhone(phone ?? '', existing);
        const fields = fieldsToWrite(body, body.options.upsertFields);
        const op: TagsOperation =
          body.options.upsertTagOperation === 'DELETEIFEXISTS' ? 'DeleteIfExists' : body.options.upsertTagOperation === 'REPLACEALL' ? 'ReplaceAll' : 'InsertIfNotExists';
        return updateContact(ctx, existing, merged(fieldsOf(existing), body, phone, fields, op));
      }
      const fields: ContactFields = {
        name: body.name ?? null,
        phone,
        email: body.email ?? null,
        instagram: body.instagram ?? null,
        annotation: body.annotation ?? null,
        tagNames: applyTags([], body.tagNames ?? [], 'ReplaceAll'),
        customFields: Object.fromEntries(Object.entries(body.customFields ?? {}).filter(([, v]) => v !== null)),
        status: 'ACTIVE',
      };
      return insertContact(ctx, randomUUID(), fields);
    });
    return toContactDTO(ctx, row);
  });

  app.get('/core/v1/tag', async () => listTags(ctx).map(toTagDTO));

  app.get('/core/v1/contact/custom-field', async (request) => {
    const { NestedList } = parseQuery(CustomFieldQuery, request);
    return listContactCustomFields(ctx, NestedList === 'true');
  });

  /**
   * The contact's tags: `operation` adds (InsertIfNotExists), removes (DeleteIfExists) or replaces
   * (ReplaceAll) the tags named by id or by name. An id the company has no tag for is refused; a
   * name it has none for becomes a tag. Announced as CONTACT_TAG_UPDATE; nothing changed, no event.
   */
  app.post('/core/v1/contact/:id/tags', async (request) => {
    const { id } = parseParams(IdParams, request);
    const body = parseBody(UpdateContactTagsBody, request);
    const row = inTransaction(ctx, () => {
      const byId = (body.tagIds ?? []).map((tagId, i) => {
        const tag = tagById(ctx, tagId);
        if (!tag) throw invalidField(`tagIds[${i}]`, `no tag ${tagId} in this company`);
        return tag.name;
      });
      const before = contactById(ctx, id);
      if (!before) throw notFound(id);
      const current = fieldsOf(before);
      const next = { ...current, tagNames: applyTags(current.tagNames, [...byId, ...(body.tagNames ?? [])], body.operation) };
      return updateContact(ctx, before, next, 'CONTACT_TAG_UPDATE');
    });
    return toContactDTO(ctx, row);
  });

  app.put('/core/v2/contact/:id', async (request) => {
    const { id } = parseParams(IdParams, request);
    const body = parseBody(UpdateContactBody, request);
    const fields = fieldsToWrite(body, body.fields);
    const phone = fields.has('PhoneNumber') ? e164Of(body.phoneNumber) : null;
    const row = inTransaction(ctx, () => {
      const before = contactById(ctx, id);
      if (!before) throw notFound(id);
      const next = merged(fieldsOf(before), body, phone, fields, body.options?.tagsOperation ?? 'ReplaceAll');
      if (fields.has('PhoneNumber')) assertPhoneFree(ctx, next.phone, id);
      return updateContact(ctx, before, next);
    });
    return toContactDTO(ctx, row);
  });
}

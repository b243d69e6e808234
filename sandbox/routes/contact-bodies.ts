/**
 * Request bodies and queries of the contact endpoints, as in HelenaCRM's OpenAPI
 * (PublicReqCreateContactIndividualDTO, PublicReqUpdateContactDTO, PublicReqFilterContactDTO).
 * Fields HelenaCRM has but the sandbox does not keep (portfolios, sequences, utm, pictureUrl) are
 * accepted and ignored, so a real client's body is never refused for carrying them.
 */
import { z } from 'zod';
import { ContactOrigin, ContactStatus } from '../../src/api/helena-dto';
import { ContactField } from '../../src/api/requests';
import { PagingBodyShape, PagingQueryShape, queryDate, queryEnum, queryList } from '../validation';

const blankToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

function text(max: number) {
  return z.preprocess(blankToNull, z.string().trim().max(max, `must be at most ${max} characters`).nullish());
}

const email = z.preprocess(blankToNull, z.string().trim().max(255).email('expected an email address').nullish());
const tagNames = z.array(z.string().trim().min(1, 'a tag name cannot be empty').max(100)).max(100).nullish();
const uuidList = z.array(z.string().uuid('expected a UUID')).nullish();
const jsonMap = z.record(z.string(), z.unknown()).nullish();

/** `fields` / `upsertFields` names (OpenAPI enum), the same list the client sends from. */
export const ContactFieldName = ContactField;
export type ContactFieldName = z.infer<typeof ContactField>;

const contactFields = {
  name: text(255),
  phoneNumber: text(255),
  email,
  instagram: text(255),
  annotation: text(10_000),
  tagIds: uuidList,
  tagNames,
  portfolioIds: uuidList,
  portfolioNames: z.array(z.string()).nullish(),
  sequenceIds: uuidList,
  customFields: jsonMap,
  metadata: jsonMap,
};

export const CreateContactBody = z.object({
  ...contactFields,
  options: z
    .object({
      upsert: z.boolean().nullish(),
      upsertFields: z.array(ContactFieldName).nullish(),
      upsertTagOperation: z.enum(['INSERTIFNOTEXISTS', 'DELETEIFEXISTS', 'REPLACEALL']).nullish(),
      getIfExists: z.boolean().nullish(),
    })
    .nullish(),
});
export type CreateContactBody = z.infer<typeof CreateContactBody>;

export const TagsOperation = z.enum(['InsertIfNotExists', 'DeleteIfExists', 'ReplaceAll']);
export type TagsOperation = z.infer<typeof TagsOperation>;

/**
 * POST /core/v1/contact/{id}/tags (PublicReqUpdateContactTagDTO). The OpenAPI gives `operation`
 * no default; the sandbox asks for it, so a client never relies on a guess between adding and
 * replacing every tag.
 */
export const UpdateContactTagsBody = z.object({
  tagNames,
  tagIds: uuidList,
  operation: TagsOperation,
});
export type UpdateContactTagsBody = z.infer<typeof UpdateContactTagsBody>;

export const UpdateContactBody = z.object({
  ...contactFields,
  fields: z.array(ContactFieldName).nullish(),
  status: ContactStatus.nullish(),
  pictureUrl: z.string().nullish(),
  utm: z.record(z.string(), z.unknown()).nullish(),
  options: z.object({ tagsOperation: TagsOperation.nullish() }).nullish(),
});
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

const dateFilter = z
  .object({
    before: z.string().datetime({ offset: true, message: 'expected an ISO-8601 date-time' }).nullish(),
    after: z.string().datetime({ offset: true, message: 'expected an ISO-8601 date-time' }).nullish(),
  })
  .nullish();

export const ContactOrderByValues = ['UpdatedAt', 'CreatedAt', 'Name'] as const;

export const FilterContactBody = z.object({
  ...PagingBodyShape,
  orderBy: z.enum(ContactOrderByValues, { message: `expected one of ${ContactOrderByValues.join(', ')}` }).nullish(),
  createdAt: dateFilter,
  updatedAt: dateFilter,
  includeDetails: z.array(z.enum(['Tags', 'CustomFields', 'Portfolios'])).nullish(),
  status: ContactStatus.nullish(),
  textFilter: z.string().max(255).nullish(),
  name: z.string().max(255).nullish(),
  phoneNumber: z.string().max(255).nullish(),
  email: z.string().max(255).nullish(),
  instagram: z.string().max(255).nullish(),
  tagIds: uuidList,
  tagNames: z.array(z.string()).nullish(),
  portfolioIds: uuidList,
  portfolioNames: z.array(z.string()).nullish(),
  origin: ContactOrigin.nullish(),
  customFields: jsonMap,
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type FilterContactBody = z.infer<typeof FilterContactBody>;

export const ListContactsQuery = z.object({
  ...PagingQueryShape,
  OrderBy: queryEnum(ContactOrderByValues),
  Status: queryEnum(ContactStatus.options as ['ACTIVE', 'ARCHIVED', 'BLOCKED']),
  'CreatedAt.Before': queryDate,
  'CreatedAt.After': queryDate,
  'UpdatedAt.Before': queryDate,
  'UpdatedAt.After': queryDate,
  IncludeDetails: queryList(['Tags', 'CustomFields', 'Portfolios']),
});

export const IdParams = z.object({ id: z.string().uuid('expected a UUID') });
export const PhoneParams = z.object({ phone: z.string().min(1) });

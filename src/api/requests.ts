/**
 * Parameters of HelenaClient's list calls and the request bodies helena-dto.ts does not cover
 * (contact create/update, contact filter, agent update). Names follow the OpenAPI (SUMMARY.md).
 */
import { z } from 'zod';
import { AgentAvailability, ContactStatus, OrderDirection, SessionStatus, type ScheduledMessageStatus, type TemplateTypeFilter } from './helena-dto';

/** A moment for a date filter: a Date or an ISO-8601 string. */
export type Instant = Date | string;

export interface PageParams {
  /** 1-based. Default 1. */
  pageNumber?: number;
  /** 1 to 100. Default 100 here (HelenaCRM's own default is 15). */
  pageSize?: number;
  orderBy?: string;
  orderDirection?: 'ASCENDING' | 'DESCENDING';
}

export interface ListContactsParams extends PageParams {
  /** `UpdatedAt.After`: only contacts changed after this moment (delta sync). */
  updatedAfter?: Instant;
  /** `UpdatedAt.Before`: only contacts last changed before this moment (keyset paging). */
  updatedBefore?: Instant;
  status?: z.infer<typeof ContactStatus>;
  includeDetails?: ('Tags' | 'CustomFields' | 'Portfolios')[];
}

export interface FilterContactsParams extends PageParams {
  textFilter?: string;
  name?: string;
  phoneNumber?: string;
  email?: string;
  status?: z.infer<typeof ContactStatus>;
  updatedAfter?: Instant;
}

export interface ListTemplatesParams extends PageParams {
  channelId?: string;
  approvedOnly?: boolean;
  /** ATTENDANCE selects the templates that start a conversation. */
  type?: TemplateTypeFilter;
  /** Sends `IncludeDetails=Params` so each template lists its parameters. Default true. */
  includeParams?: boolean;
  updatedAfter?: Instant;
}

export interface ListSessionsParams extends PageParams {
  updatedAfter?: Instant;
  updatedBefore?: Instant;
  /** Repeated `Status=` keys. */
  status?: z.infer<typeof SessionStatus>[];
  departmentId?: string;
  userId?: string;
  contactId?: string;
  channelIds?: string[];
  /** `IncludeDetails`: ContactDetails embeds each session's contact (`contactDetails`). */
  includeDetails?: SessionDetail[];
}

/** What `IncludeDetails` may ask the session list to embed (chat.json). */
export type SessionDetail = 'AgentDetails' | 'DepartmentsDetails' | 'ContactDetails' | 'ChannelTypeDetails' | 'ClassificationDetails' | 'ChannelDetails';

export interface GetSessionParams {
  /** `includeDetails`, as the list's IncludeDetails: ContactDetails embeds the session's contact (`contactDetails`). */
  includeDetails?: SessionDetail[];
}

export interface ListMessagesParams extends PageParams {
  updatedAfter?: Instant;
  createdAfter?: Instant;
}

const uuid = z.string().uuid();
const optionalText = (max?: number) => (max ? z.string().max(max) : z.string()).nullable().optional();

export const ContactField = z.enum([
  'Name',
  'PhoneNumber',
  'Email',
  'Instagram',
  'Annotation',
  'Tags',
  'Status',
  'CustomFields',
  'PictureUrl',
  'Portfolio',
  'SequenceIds',
  'Utm',
  'Metadata',
]);

/** The contact fields both the create and the update bodies carry. */
const contactFields = {
  name: optionalText(255),
  phoneNumber: optionalText(255),
  email: optionalText(255),
  instagram: optionalText(255),
  annotation: optionalText(),
  tagIds: z.array(uuid).nullable().optional(),
  tagNames: z.array(z.string()).nullable().optional(),
  customFields: z.record(z.string(), z.unknown()).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
};

/** Body of POST /core/v1/contact (`PublicReqCreateContactIndividualDTO`). */
export const CreateContactBody = z.object({
  ...contactFields,
  options: z
    .object({
      upsert: z.boolean().optional(),
      upsertFields: z.array(ContactField).nullable().optional(),
      getIfExists: z.boolean().optional(),
    })
    .nullable()
    .optional(),
});
export type CreateContactBody = z.infer<typeof CreateContactBody>;

/** Body of PUT /core/v2/contact/{id} (`PublicReqUpdateContactDTO`): `fields` names what to change. */
export const UpdateContactBody = z.object({
  fields: z.array(ContactField).nullable().optional(),
  ...contactFields,
  status: ContactStatus.nullable().optional(),
  pictureUrl: optionalText(),
});
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

/**
 * Body of POST /core/v1/contact/{id}/tags (`PublicReqUpdateContactTagDTO`). `operation` is always
 * sent: InsertIfNotExists adds, DeleteIfExists removes, ReplaceAll drops every other tag (the
 * OpenAPI gives no default, so the client never leaves the choice to the server).
 */
export const UpdateContactTagsBody = z.object({
  tagIds: z.array(uuid).nullable().optional(),
  tagNames: z.array(z.string().min(1)).nullable().optional(),
  operation: z.enum(['InsertIfNotExists', 'DeleteIfExists', 'ReplaceAll']),
});
export type UpdateContactTagsBody = z.infer<typeof UpdateContactTagsBody>;

/** `fields` of PUT /core/v1/agent/{id}: what the update changes (OpenAPI enum). */
export const AgentField = z.enum(['Undefined', 'Name', 'ShortName', 'PhoneNumber', 'Email', 'Profile', 'Availability']);
export type AgentField = z.infer<typeof AgentField>;

/**
 * Body of PUT /core/v1/agent/{id} (`PublicAgentUpdatePartialDTO`): only the fields listed in
 * `fields` change, e.g. `{availability: 'UNAVAILABLE', fields: ['Availability']}` pauses the agent.
 */
export const UpdateAgentBody = z.object({
  fields: z.array(AgentField).min(1),
  name: optionalText(255),
  shortName: optionalText(255),
  email: optionalText(255),
  phoneNumber: optionalText(255),
  profile: z.enum(['Admin', 'Agent', 'RestrictedAgent']).optional(),
  availability: AgentAvailability.optional(),
});
export type UpdateAgentBody = z.infer<typeof UpdateAgentBody>;

/** Body of POST /core/v1/contact/filter (`PublicReqFilterContactDTO`, the parts used here). */
export const FilterContactsBody = z.object({
  pageNumber: z.number().int().min(0),
  pageSize: z.number().int().min(1).max(100),
  orderBy: z.string().nullable().optional(),
  orderDirection: OrderDirection.nullable().optional(),
  updatedAt: z.object({ after: z.string().nullable().optional() }).nullable().optional(),
  status: ContactStatus.nullable().optional(),
  textFilter: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  phoneNumber: z.string().nullable().optional(),
  email: z.string().nullable().optional(),
});

/** GET /chat/v1/scheduled-message: a contact's scheduled messages (`To`: id or phone), optionally by status. */
export interface ListScheduledMessagesParams extends PageParams {
  to?: string;
  status?: ScheduledMessageStatus;
  /** `User`: who scheduled them (id or name). */
  user?: string;
  /** `ScheduledAt.After` (ISO-8601 UTC). */
  scheduledAfter?: string;
}

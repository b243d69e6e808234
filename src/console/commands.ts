/**
 * Every command the UI may send to the core: one map from command name to its zod input schema,
 * and one type map to its result. HelenaConsole.run validates every input with these schemas where
 * it is used, in the core (its own process under Electron): the bridges (Electron IPC, the
 * loopback WebSocket) check who is asking and pass the input through untouched, so every caller is
 * held to the same rules in one place.
 *
 * Objects are strict: an unknown field is refused rather than ignored, so a renderer bug shows up
 * at once instead of silently dropping what the agent typed.
 */
import { z } from 'zod';
import { base64Length, decodedBase64Length, isAcceptableFileName, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENT_NAME_LENGTH } from '../domain/attachments';
import { MAX_TEXT_LENGTH } from '../domain/template-params';
import { FILTERS } from './desk-filters';
import type { ConsoleCommandResults } from './results';

const id = z.uuid();
/** A conversation before the server acknowledged its start is keyed `start:<localId>` (see OutboxLike). */
const conversationKey = z.union([id, z.string().regex(/^start:[0-9a-fA-F-]{36}$/)]);
const text = z.string().max(MAX_TEXT_LENGTH);
/** Template parameter values by name; WhatsApp's own rules are checked per parameter later, with a message each. */
const parameters = z.record(z.string().min(1).max(64), z.string().max(1024)).refine((p) => Object.keys(p).length <= 30, {
  message: 'too many parameters',
});
/**
 * A media template's image, video or document: a public https link or the id of a file uploaded to
 * HelenaCRM. Blank or malformed is let through here: the core answers the domain's message for it.
 */
const media = z.string().max(4096);
const none = z.object({}).strict();
/** A file's name as the agent's system gave it: a name, never a path. */
const fileName = z.string().min(1).max(MAX_ATTACHMENT_NAME_LENGTH).refine(isAcceptableFileName, { error: 'file.name_invalid' });
/**
 * The file's bytes as padded base64 (FileReader's data URL without its prefix), so one contract
 * carries them over both transports (IPC and the web host's JSON frames). Node's decoder skips
 * what is not base64 instead of failing: the alphabet is checked here.
 */
const fileData = z
  .string()
  .max(base64Length(MAX_ATTACHMENT_BYTES), { error: 'file.too_big' })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'file.incomplete' });
/** Which box a draft belongs to: the message to the contact (default) or the internal note being written. */
const draftKind = z.enum(['message', 'note']);
/** A phone number as typed; the core checks it with WhatsApp's rules and says what is wrong. */
const phone = z.string().trim().min(1).max(40);
/** A start names its contact one way: a cached contact or a phone number. */
const oneContact = (input: { contactId?: string | undefined; phone?: string | undefined }) => (input.contactId === undefined) !== (input.phone === undefined);
const CONTACT_OR_PHONE = { message: 'informe contactId ou phone, um dos dois', path: ['contactId'] };

/**
 * A contact's name as the agent corrects it: trimmed, 1 to 200 characters. Messages are catalog
 * codes (console-messages.ts), so the refusal under the field is written for the agent.
 */
const contactName = z.string().trim().min(1, { error: 'contact.name_empty' }).max(200, { error: 'contact.name_too_long' });
const emailAddress = z.email();
/** An e-mail address, or empty to remove the contact's e-mail. */
const contactEmail = z
  .string()
  .trim()
  .max(254, { error: 'contact.email_invalid' })
  .refine((value) => value === '' || emailAddress.safeParse(value).success, { error: 'contact.email_invalid' });

export const COMMAND_SCHEMAS = {
  'auth.requestCode': z.object({ login: z.string().trim().min(3).max(255) }).strict(),
  'auth.verify': z.object({ login: z.string().trim().min(3).max(255), code: z.string().regex(/^\d{6}$/) }).strict(),
  'auth.logout': none,
  'state.snapshot': none,
  'contacts.search': z
    .object({
      query: z.string().max(200),
      limit: z.number().int().min(1).max(200).optional(),
      offset: z.number().int().min(0).max(10_000).optional(),
    })
    .strict(),
  'channels.list': none,
  /** With channelId, only the teams that serve that channel (a team without channel links serves all). */
  'teams.mine': z.object({ channelId: id.optional() }).strict(),
  'templates.forStart': z.object({ channelId: id, teamId: id }).strict(),
  'cost.estimate': z
    .object({ channelId: id, templateId: id.optional(), contactId: id.optional(), phone: phone.optional() })
    .strict()
    .refine(oneContact, CONTACT_OR_PHONE),
  /** With a cached contact, or with a number no contact has yet (HelenaCRM creates the contact). */
  'conversation.start': z
    .object({
      contactId: id.optional(),
      phone: phone.optional(),
      channelId: id,
      teamId: id,
      templateId: id.optional(),
      parameters: parameters.optional(),
      media: media.optional(),
      text: text.optional(),
    })
    .strict()
    .refine(oneContact, CONTACT_OR_PHONE),
  'message.sendText': z.object({ sessionId: conversationKey, text }).strict(),
  'message.sendTemplate': z.object({ sessionId: conversationKey, templateId: id, parameters, media: media.optional() }).strict(),
  /**
   * A file the agent attached (a PDF boleto, a photo), with the box's text as its caption: queued
   * like a text (saved on disk before this answers), uploaded and sent once. `mimeType` as the
   * system declared it (may be empty: the extension decides); `size` in bytes, which the decoded
   * `data` must match. WhatsApp's type and size rules are checked with their own messages.
   */
  'message.sendFile': z
    .object({
      sessionId: conversationKey,
      name: fileName,
      mimeType: z.string().max(255),
      size: z.number().int().min(1).max(MAX_ATTACHMENT_BYTES, { error: 'file.too_big' }),
      data: fileData,
      caption: text.optional(),
    })
    .strict()
    .refine((file) => decodedBase64Length(file.data) === file.size, { error: 'file.incomplete', path: ['data'] }),
  /**
   * The bytes of a file a message carries (a receipt the contact sent), from the disk cache or
   * fetched from its public link (then kept): for the conversation's preview and the agent's "Salvar".
   */
  'file.fetch': z.object({ localId: id }).strict(),
  /**
   * A queued message changes: a text's text, a template's parameters, a media template's link
   * (`media`, checked by the same rule as at send time; refused for anything else).
   */
  'message.edit': z
    .object({ localId: id, text: text.optional(), parameters: parameters.optional(), media: media.optional() })
    .strict()
    .refine((e) => e.text !== undefined || e.parameters !== undefined || e.media !== undefined, { message: 'nothing to change', path: ['text'] }),
  'message.cancel': z.object({ localId: id }).strict(),
  /** A failed message again (a failure worth retrying: network, HelenaCRM down). */
  'message.retry': z.object({ localId: id }).strict(),
  /**
   * The agent is done with the line saying an edit was not made (MessageView.abandonedEditText): it
   * goes, with the text kept under it. Nothing is sent; the message itself does not change.
   */
  'message.dismissEditNote': z.object({ localId: id }).strict(),
  /**
   * An internal note ("nota interna") for the team; the contact never sees it. Anyone who sees the
   * conversation may write one, also without owning it. Offline it is queued like a message.
   */
  'note.add': z.object({ sessionId: conversationKey, text: z.string().min(1).max(MAX_TEXT_LENGTH) }).strict(),
  /**
   * The agent corrects a contact's name or e-mail (e.g. names the contact HelenaCRM created from a
   * number at a new-number start). Only the fields given change; it needs HelenaCRM now (no queue).
   */
  'contact.update': z
    .object({ contactId: id, name: contactName.optional(), email: contactEmail.optional() })
    .strict()
    .refine((u) => u.name !== undefined || u.email !== undefined, { error: 'contact.nothing_to_change', path: ['name'] }),
  /**
   * The agent tags the contact ("etiquetas"): `add` and `remove` are tag ids from tags.list. Only
   * what changed is sent, as HelenaCRM's add and remove operations (never "replace all"), so a tag
   * a colleague set meanwhile stays. Needs HelenaCRM now (no queue), like contact.update.
   */
  'contact.setTags': z
    .object({ contactId: id, add: z.array(id).max(50).optional(), remove: z.array(id).max(50).optional() })
    .strict()
    .refine((u) => (u.add?.length ?? 0) + (u.remove?.length ?? 0) > 0, { error: 'contact.tags_nothing_to_change', path: ['add'] }),
  /** The company's tags for the "Etiquetas" field: HelenaCRM's list when it answers (kept), else the last one heard. */
  'tags.list': none,
  /**
   * The contact's other conversations ("Atendimentos anteriores"), newest first: the cache merged
   * with what HelenaCRM answers now when online (written into the cache, so it answers offline next
   * time). `cacheOnly` answers at once from the cache, for the screen to show while HelenaCRM is
   * asked. `exceptSessionId`: the conversation on screen, left out.
   */
  'contact.history': z.object({ contactId: id, exceptSessionId: conversationKey.optional(), cacheOnly: z.boolean().optional() }).strict(),
  /**
   * "Agendar modelo": HelenaCRM sends the template into this conversation's contact at `at` (ISO-8601
   * with its offset), on the conversation's channel and team. At least a minute ahead and at most 90
   * days (checked against the core's clock, with a message each). Needs HelenaCRM now (scheduled.ts).
   */
  'schedule.create': z
    .object({ sessionId: id, templateId: id, parameters, media: media.optional(), at: z.iso.datetime({ offset: true }) })
    .strict(),
  /** The contact's scheduled messages, newest first: HelenaCRM's answer, or offline the last one heard (marked). */
  'schedule.list': z.object({ sessionId: id }).strict(),
  /** Only one HelenaCRM has not processed yet; once sent it is too late. */
  'schedule.cancel': z.object({ id }).strict(),
  /**
   * "Alterar horário": the same schedule, a new moment (the same limits as create). Needs HelenaCRM
   * now; only one still SCHEDULED moves (one sent or failed meanwhile is refused as too late).
   */
  'schedule.reschedule': z.object({ id, at: z.iso.datetime({ offset: true }) }).strict(),
  /** "Dispensar": a failed schedule leaves the conversation on this machine, for this agent (kept in the cache). */
  'schedule.dismiss': z.object({ id }).strict(),
  /**
   * The agent goes on a break ("Em pausa": UNAVAILABLE, HelenaCRM hands them no new conversations)
   * or comes back ("Disponível": AVAILABLE). Needs HelenaCRM now: a pause only counts on the server.
   */
  'agent.setAvailability': z.object({ availability: z.enum(['AVAILABLE', 'UNAVAILABLE']) }).strict(),
  /** `kind` 'note': the internal note being written, kept apart from the message draft (default 'message'). */
  'draft.save': z.object({ conversationKey, text, kind: draftKind.optional() }).strict(),
  'draft.load': z.object({ conversationKey, kind: draftKind.optional() }).strict(),
  'conversation.list': z
    .object({
      statuses: z.array(z.enum(['STARTED', 'PENDING', 'IN_PROGRESS', 'COMPLETED'])).max(4).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  /**
   * The desk: the open conversations the agent may see in one view ('all', 'mine', 'queue',
   * 'waiting'), narrowed by the quick find, newest first, up to `limit`; with how many each view
   * holds in all, so a busy team's queue is counted and found whole, not within a first page.
   */
  'desk.view': z
    .object({
      filter: z.enum(FILTERS).optional(),
      query: z.string().max(100).optional(),
      limit: z.number().int().min(1).max(1000).optional(),
    })
    .strict(),
  'conversation.open': z.object({ sessionId: conversationKey }).strict(),
  /** Quick replies ("respostas rápidas") usable in this conversation, with what is known filled in. */
  'quickReplies.list': z.object({ sessionId: conversationKey }).strict(),
  'conversation.markRead': z.object({ sessionId: id }).strict(),
  /**
   * The agent is typing a message here: the core shows "digitando…" to the contact at most once per
   * conversation per ~8 s, when online and allowed (typing.ts). Call it on every keystroke; never refused.
   */
  'conversation.typing': z.object({ sessionId: id }).strict(),
  'conversation.assume': z.object({ sessionId: id }).strict(),
  /** Where this conversation can be transferred: other teams serving its channel, agents of its team. */
  'transfer.targets': z.object({ sessionId: id }).strict(),
  /**
   * `note`: a note for whoever receives it ("Nota para quem recebe"), saved as an internal note
   * BEFORE the transfer, which waits until HelenaCRM has it (transfer-note.ts); blank is no note.
   * A refusal coded api.* came from the transfer itself, after the note went: the note stays.
   */
  'conversation.transfer': z
    .object({
      sessionId: id,
      type: z.enum(['DEPARTMENT', 'USER']),
      teamId: id.optional(),
      userId: id.optional(),
      note: z.string().max(MAX_TEXT_LENGTH).optional(),
    })
    .strict()
    .refine((t) => t.type !== 'DEPARTMENT' || t.teamId !== undefined, { message: 'required', path: ['teamId'] })
    .refine((t) => t.type !== 'USER' || t.userId !== undefined, { message: 'required', path: ['userId'] }),
  'conversation.complete': z.object({ sessionId: id }).strict(),
  'sync.now': none,
  'recovery.dismiss': none,
} as const;

export type CommandName = keyof typeof COMMAND_SCHEMAS;
export const COMMAND_NAMES = Object.keys(COMMAND_SCHEMAS) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMAND_SCHEMAS, name);
}

/** What the UI sends (optional fields may be left out). */
export type CommandInput<C extends CommandName> = z.input<(typeof COMMAND_SCHEMAS)[C]>;
/** What the handler receives after validation. */
export type ParsedInput<C extends CommandName> = z.output<(typeof COMMAND_SCHEMAS)[C]>;
export type CommandResult<C extends CommandName> = ConsoleCommandResults[C];

/** For the bridge: one typed entry per command. */
export type CommandMap = { [C in CommandName]: { input: CommandInput<C>; result: CommandResult<C> } };

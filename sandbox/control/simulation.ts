/**
 * /control/v1 steering for tests and demos: move the clock, make a contact write, script how a
 * contact answers templates, switch faults and the strict window mode, trim the event log and
 * drop sockets. Registered only when the sandbox runs with control on.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { normalisePhone } from '../../src/domain/phone';
import { isAcceptableFileName, MAX_ATTACHMENT_NAME_LENGTH } from '../../src/domain/attachments';
import type { SandboxContext } from '../context';
import { originOf } from '../files/public-files';
import { receiveInboundMessage } from '../conversations/inbound';
import { ApiError } from '../http-errors';
import { realtimeOf } from '../realtime/registry';
import { controlHandler, parseInput } from './validate';

const HOUR_MS = 60 * 60 * 1000;

const ClockAdvanceBody = z
  .object({
    ms: z.number().int().nonnegative().optional(),
    hours: z.number().nonnegative().optional(),
  })
  .strict()
  .refine((b) => (b.ms === undefined) !== (b.hours === undefined), { message: 'give exactly one of ms or hours', path: ['ms'] });

/**
 * A file the contact sends: its name, MIME type (empty: the extension decides) and bytes as base64.
 * WhatsApp's own cap on what reaches a business is 100 MB; the sandbox takes what its uploads take.
 */
const InboundFileBody = z
  .object({
    name: z.string().min(1).max(MAX_ATTACHMENT_NAME_LENGTH).refine(isAcceptableFileName, 'a file name, not a path, without control characters'),
    mimeType: z.string().max(255),
    data: z.string().min(1).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'padded base64'),
  })
  .strict();

const InboundBody = z
  .object({
    contactId: z.string().uuid().optional(),
    phone: z.string().min(1).optional(),
    channelId: z.string().uuid().optional(),
    /** The message, or with `file` its caption (optional then). */
    text: z.string().max(4096).optional(),
    file: InboundFileBody.optional(),
  })
  .refine((b) => (b.contactId === undefined) !== (b.phone === undefined), {
    message: 'give exactly one of contactId or phone',
    path: ['contactId'],
  })
  .refine((b) => b.file !== undefined || (b.text ?? '').trim() !== '', { message: 'required (or a file)', path: ['text'] });

const ScriptBody = z.object({
  replyAfterMs: z.number().int().nonnegative().max(24 * HOUR_MS).nullable(),
  replyText: z.string().min(1).max(4096).nullable().optional(),
});

const IdParams = z.object({ id: z.string().uuid() });

const FaultsBody = z
  .object({
    latencyMs: z.number().int().nonnegative().max(60_000).optional(),
    errorRate: z.number().min(0).max(1).optional(),
    dropSockets: z.boolean().optional(),
  })
  .strict();

const WindowModeBody = z.object({ strict: z.boolean() });

const TrimBody = z.object({ throughOffset: z.number().int().nonnegative() });

export function registerSimulationControl(app: FastifyInstance, ctx: SandboxContext): void {
  const selectContact = ctx.db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE id = ?');
  const selectContactByPhone = ctx.db.prepare<[string], { id: string }>(
    'SELECT id FROM contacts WHERE phone = ? ORDER BY created_at LIMIT 1',
  );
  const selectChannel = ctx.db.prepare<[string], { id: string }>('SELECT id FROM channels WHERE id = ?');
  const upsertScript = ctx.db.prepare<[string, number | null, string | null]>(
    `INSERT INTO contact_scripts (contact_id, reply_after_ms, reply_text) VALUES (?, ?, ?)
     ON CONFLICT (contact_id) DO UPDATE SET reply_after_ms = excluded.reply_after_ms, reply_text = excluded.reply_text`,
  );

  function contactIdFor(input: { contactId?: string; phone?: string }): string {
    if (input.contactId !== undefined) {
      if (!selectContact.get(input.contactId)) throw new ApiError(404, 'contact.not_found', `No contact ${input.contactId}`);
      return input.contactId;
    }
    const phone = normalisePhone(input.phone ?? '');
    if (!phone) throw new ApiError(400, 'validation.invalid', "Invalid field 'phone': not a phone number", [{ field: 'phone' }]);
    const row = selectContactByPhone.get(phone.e164);
    if (!row) throw new ApiError(404, 'contact.not_found', `No contact with phone ${phone.e164}`);
    return row.id;
  }

  app.post(
    '/control/v1/clock/advance',
    controlHandler(ctx, (request) => {
      const body = parseInput(ClockAdvanceBody, request.body);
      ctx.clock.advance(body.ms ?? Math.round((body.hours ?? 0) * HOUR_MS));
      // Tokens may have expired with the jump: end their sockets now rather than on the next sweep.
      realtimeOf(ctx)?.sweep();
      return { now: ctx.clock.iso() };
    }),
  );

  app.post(
    '/control/v1/inbound',
    // A file rides in the JSON as base64: room for the largest the sandbox keeps.
    { bodyLimit: Math.ceil(ctx.options.uploadMaxBytes / 3) * 4 + 64 * 1024 },
    controlHandler(ctx, (request) => {
      const body = parseInput(InboundBody, request.body);
      const contactId = contactIdFor(body);
      if (body.channelId !== undefined && !selectChannel.get(body.channelId)) {
        throw new ApiError(404, 'channel.not_found', `No channel ${body.channelId}`);
      }
      const bytes = body.file ? Buffer.from(body.file.data, 'base64') : null;
      if (bytes !== null && bytes.length > ctx.options.uploadMaxBytes) {
        throw new ApiError(413, 'upload.too_large', `The file has ${bytes.length} bytes; the sandbox keeps files of up to ${ctx.options.uploadMaxBytes}.`);
      }
      const result = receiveInboundMessage(ctx, {
        contactId,
        text: body.text ?? '',
        ...(body.channelId !== undefined ? { channelId: body.channelId } : {}),
        ...(body.file && bytes ? { file: { name: body.file.name, mimeType: body.file.mimeType, bytes, origin: originOf(request) } } : {}),
      });
      return { session: result.session, message: result.message };
    }),
  );

  app.put(
    '/control/v1/contacts/:id/script',
    controlHandler(ctx, (request) => {
      const { id } = parseInput(IdParams, request.params, 'id');
      const body = parseInput(ScriptBody, request.body);
      if (!selectContact.get(id)) throw new ApiError(404, 'contact.not_found', `No contact ${id}`);
      upsertScript.run(id, body.replyAfterMs, body.replyText ?? null);
      return { contactId: id, replyAfterMs: body.replyAfterMs, replyText: body.replyText ?? null };
    }),
  );

  app.get(
    '/control/v1/faults',
    controlHandler(ctx, () => ({ ...ctx.options.faults })),
  );

  app.put(
    '/control/v1/faults',
    controlHandler(ctx, (request) => {
      const body = parseInput(FaultsBody, request.body);
      const faults = ctx.options.faults;
      if (body.latencyMs !== undefined) faults.latencyMs = body.latencyMs;
      if (body.errorRate !== undefined) faults.errorRate = body.errorRate;
      if (body.dropSockets !== undefined) faults.dropSockets = body.dropSockets;
      if (faults.dropSockets) realtimeOf(ctx)?.dropAll();
      return { ...faults };
    }),
  );

  app.put(
    '/control/v1/window-mode',
    controlHandler(ctx, (request) => {
      const body = parseInput(WindowModeBody, request.body);
      ctx.options.strictWindow = body.strict;
      return { strict: ctx.options.strictWindow };
    }),
  );

  app.post(
    '/control/v1/events/trim',
    controlHandler(ctx, (request) => {
      const body = parseInput(TrimBody, request.body);
      ctx.events.trimThrough(body.throughOffset);
      return { trimmedThrough: body.throughOffset, lastOffset: ctx.events.lastOffset() };
    }),
  );

  app.get(
    '/control/v1/events/last',
    controlHandler(ctx, () => ({ offset: ctx.events.lastOffset() })),
  );

  app.post(
    '/control/v1/sockets/drop',
    controlHandler(ctx, () => ({ dropped: realtimeOf(ctx)?.dropAll() ?? 0 })),
  );
}

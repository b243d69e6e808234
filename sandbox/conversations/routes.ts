/**
 * The HTTP surface of conversations: sessions (/chat/v2/session, /chat/v1/session/{id}/…),
 * messages (/chat/v1/message/{id}…), internal notes (/chat/v1/session/{id}/note) and the send
 * family (/chat/v1/send/*). Handlers only parse and map; the rules live in the modules they call.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AssignBody, ChangeStatusBody, CompleteBody, NoteSendBody, QuickSendBody, SendTemplateBody, SendTextBody, SendTypingBody, TransferBody } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import { requireAgent as agentOf } from '../auth/hook';
import { ApiError } from '../http-errors';
import { parseBody, parseParams, parseQuery } from '../validation';
import { assertCanWrite, loadVisibleSession } from './access';
import { toMessageDTO, toMessageStatusDTO, toQuickMessageDTO, toSendMessageResponse, toSessionDTO } from './dto';
import { emitMessageEvent } from './events';
import { addNote, isNote, listNotes } from './notes';
import { listMessages, listSessions, MessageListQuery, SessionGetQuery, SessionListQuery } from './queries';
import { repoOf, type MessageRow } from './repo';
import { sendInSession, sendTextDirect } from './send';
import { assignSession, changeSessionStatus, completeSession, transferSession } from './session-actions';
import { sendTemplateStart } from './start';
import { sendTyping } from './typing';

const IdParams = z.object({ id: z.string() });

function idOf(request: FastifyRequest): string {
  return parseParams(IdParams, request).id;
}

function messageNotFound(id: string): ApiError {
  return new ApiError(404, 'message.not_found', `Message ${id} not found.`, { id });
}

/**
 * A message the agent may see (its conversation is visible); otherwise 404 like a missing one. An
 * internal note is not a message here (notes.ts): 404 as well.
 */
function loadVisibleMessage(ctx: SandboxContext, request: FastifyRequest): MessageRow {
  const id = idOf(request);
  const agent = agentOf(request);
  const message = repoOf(ctx).messageById.get(id);
  if (!message || isNote(message)) throw messageNotFound(id);
  try {
    loadVisibleSession(ctx, agent, message.session_id);
  } catch {
    throw messageNotFound(id);
  }
  return message;
}

export function registerSessionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/chat/v2/session', async (request) => {
    const query = parseQuery(SessionListQuery, request);
    const page = listSessions(ctx, agentOf(request), query);
    const details = { contactDetails: query.IncludeDetails.includes('ContactDetails') };
    return { ...page, items: page.items.map((row) => toSessionDTO(ctx, row, details)) };
  });
  app.get('/chat/v2/session/:id', async (request) => {
    const details = { contactDetails: parseQuery(SessionGetQuery, request).IncludeDetails.includes('ContactDetails') };
    return toSessionDTO(ctx, loadVisibleSession(ctx, agentOf(request), idOf(request)), details);
  });
  app.put('/chat/v1/session/:id/assignee', async (request) => toSessionDTO(ctx, assignSession(ctx, agentOf(request), idOf(request), parseBody(AssignBody, request))));
  app.put('/chat/v1/session/:id/transfer', async (request) => toSessionDTO(ctx, transferSession(ctx, agentOf(request), idOf(request), parseBody(TransferBody, request))));
  app.put('/chat/v1/session/:id/complete', async (request) => toSessionDTO(ctx, completeSession(ctx, agentOf(request), idOf(request), parseBody(CompleteBody, request))));
  app.put('/chat/v1/session/:id/status', async (request) => toSessionDTO(ctx, changeSessionStatus(ctx, agentOf(request), idOf(request), parseBody(ChangeStatusBody, request))));
}

export function registerMessageRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/chat/v1/session/:id/message', async (request) => {
    const session = loadVisibleSession(ctx, agentOf(request), idOf(request));
    const page = listMessages(ctx, session.id, parseQuery(MessageListQuery, request));
    return { ...page, items: page.items.map(toMessageDTO) };
  });
  app.post('/chat/v1/session/:id/message', async (request) => toQuickMessageDTO(sendInSession(ctx, agentOf(request), idOf(request), parseBody(QuickSendBody, request))));
  // Internal notes: listed and written by everyone who sees the conversation (notes.ts).
  app.get('/chat/v1/session/:id/note', async (request) => {
    const page = listNotes(ctx, agentOf(request), idOf(request), parseQuery(MessageListQuery, request));
    return { ...page, items: page.items.map(toMessageDTO) };
  });
  app.post('/chat/v1/session/:id/note', async (request) => toMessageDTO(addNote(ctx, agentOf(request), idOf(request), parseBody(NoteSendBody, request))));
  app.get('/chat/v1/message/:id', async (request) => toMessageDTO(loadVisibleMessage(ctx, request)));
  app.get('/chat/v1/message/:id/status', async (request) => toMessageStatusDTO(loadVisibleMessage(ctx, request)));
  app.delete('/chat/v1/message/:id', async (request) => toMessageDTO(cancelHeldMessage(ctx, request)));
}

/** Only a message held for the contact's reply can be taken back; anything already handed to WhatsApp cannot. */
function cancelHeldMessage(ctx: SandboxContext, request: FastifyRequest): MessageRow {
  const message = loadVisibleMessage(ctx, request);
  const agent = agentOf(request);
  const repo = repoOf(ctx);
  const session = repo.sessionById.get(message.session_id);
  if (!session) throw messageNotFound(message.id);
  assertCanWrite(agent, session);
  if (message.status !== 'WAIT_REPLY') {
    throw new ApiError(
      409,
      'message.not_cancellable',
      `Only a message waiting for the contact's reply (WAIT_REPLY) can be cancelled; this one is ${message.status}.`,
      { id: message.id, status: message.status },
    );
  }
  return ctx.db.transaction(() => {
    repo.updateMessage.run({ ...message, status: 'DELETED', updated_at: ctx.clock.iso() });
    emitMessageEvent(ctx, 'MESSAGE_UPDATED', message.id);
    const updated = repo.messageById.get(message.id);
    if (!updated) throw new Error('message vanished');
    return updated;
  })();
}

export function registerSendRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/chat/v1/send/template', async (request) => toSendMessageResponse(ctx, sendTemplateStart(ctx, agentOf(request), parseBody(SendTemplateBody, request))));
  app.post('/chat/v1/send/text', async (request) => toSendMessageResponse(ctx, sendTextDirect(ctx, agentOf(request), parseBody(SendTextBody, request))));
  // "Digitando…": 200 with no body, like HelenaCRM; nothing stored (typing.ts).
  app.post('/chat/v1/send/typing', async (request, reply) => {
    sendTyping(ctx, agentOf(request), parseBody(SendTypingBody, request).sessionId);
    return reply.code(200).send();
  });
  app.get('/chat/v1/send/message/:id', async (request) => toSendMessageResponse(ctx, loadVisibleMessage(ctx, request)));
}

/**
 * Internal notes ("notas internas"): POST and GET /chat/v1/session/{id}/note. The team leaves
 * context in a conversation ("cliente pediu 2ª via do boleto", before a transfer); the contact
 * never sees it.
 *
 * What the sandbox decided, where chat.json leaves it open:
 * - A note is a row of `messages` of type NOTE (FROM_HUB, status SAVED, the author in user_id),
 *   answered as HelenaCRM answers it: a PublicMessageDTO.
 * - GET /chat/v1/session/{id}/message does NOT list notes, nor do GET/DELETE /chat/v1/message/{id}
 *   find them. chat.json describes /message as "Listagem paginada de mensagens" and gives notes a
 *   list of their own ("Listar notas internas") without saying /message includes them; the safer
 *   reading keeps them out, so a client showing /message as the WhatsApp conversation never shows
 *   a note as something the contact saw.
 * - Who: everyone who may see the conversation (src/domain/visibility.ts canSeeSession) reads and
 *   writes its notes, also without owning it (writing WhatsApp messages needs that, access.ts) and
 *   after it was completed: notes are how colleagues, supervisors and the next team pass context.
 *   A conversation the agent may not see answers 404, as everywhere.
 * - A note goes nowhere: no window check, no cost, no receipts, and the session (last message,
 *   unread count, window, updatedAt) stays as it was.
 * - Realtime: SESSION_NOTE_NEW (a sandbox extension) to those who see the session, not
 *   MESSAGE_SENT, which clients, webhooks and the simulated contacts read as "went to the contact".
 * - Files (filesUrls, filesIds) are refused with 400: the sandbox keeps no files for notes, and
 *   dropping them silently would lose what the agent attached.
 * - refId (an extension, as on /send/template) dedupes retries: the same refId answers the first note.
 */
import { randomUUID } from 'node:crypto';
import type { NoteSendBody, Page } from '../../src/api/helena-dto';
import type { SandboxContext } from '../context';
import { ApiError } from '../http-errors';
import type { RequestAgent } from '../request-agent';
import { loadVisibleSession } from './access';
import { audienceOf } from './events';
import { toMessageDTO } from './dto';
import { dedupeByRefId } from './outbound';
import { listMessages, type MessageListQuery } from './queries';
import { plainMessage, repoOf, type MessageRow } from './repo';
import { assertTextLength } from './rules';

export const NOTE_TYPE = 'NOTE';
/** A note is saved, never sent. */
export const NOTE_STATUS = 'SAVED';

export function isNote(row: Pick<MessageRow, 'type'>): boolean {
  return row.type === NOTE_TYPE;
}

export function listNotes(ctx: SandboxContext, agent: RequestAgent, sessionId: string, query: MessageListQuery): Page<MessageRow> {
  const session = loadVisibleSession(ctx, agent, sessionId);
  return listMessages(ctx, session.id, query, 'notes');
}

export function addNote(ctx: SandboxContext, agent: RequestAgent, sessionId: string, body: NoteSendBody): MessageRow {
  const session = loadVisibleSession(ctx, agent, sessionId);
  const note = dedupeByRefId(
    ctx,
    agent,
    body.refId,
    () => {
      if ((body.filesUrls?.length ?? 0) > 0 || (body.filesIds?.length ?? 0) > 0) {
        throw new ApiError(400, 'note.files_unsupported', 'The sandbox keeps no files with notes; send the note as text only.', {
          field: (body.filesUrls?.length ?? 0) > 0 ? 'filesUrls' : 'filesIds',
        });
      }
      const text = body.text ?? '';
      assertTextLength(text);
      return ctx.db.transaction(() => {
        const repo = repoOf(ctx);
        const now = ctx.clock.iso();
        const id = randomUUID();
        repo.insertMessage.run(
          plainMessage(
            { id, session_id: session.id, direction: 'FROM_HUB', type: NOTE_TYPE, status: NOTE_STATUS, text, ref_id: body.refId ?? null, user_id: agent.userId },
            now,
          ),
        );
        const stored = repo.messageById.get(id);
        if (!stored) throw new Error('note insert lost');
        ctx.events.append('SESSION_NOTE_NEW', toMessageDTO(stored), audienceOf(session));
        return stored;
      })();
    },
    'note',
  );
  if (note.session_id !== session.id) {
    throw new ApiError(409, 'message.ref_id_conflict', `refId ${body.refId ?? ''} was already used in another conversation.`, { field: 'refId' });
  }
  return note;
}

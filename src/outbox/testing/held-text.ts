/**
 * What the held-text edit tests share: a text HelenaCRM holds for Maria's reply (a conversation
 * started with her, no reply yet), what the contact got (the texts the sandbox released to
 * WhatsApp), and a client whose withdrawal answers are lost after HelenaCRM acted.
 */
import { expect } from 'vitest';
import { HelenaError } from '../../api';
import type { MessageDTO } from '../../api/helena-dto';
import type { Outbox } from '../outbox';
import { conversationWithMaria, outboxClientWith, type Rig } from './harness';

export interface Held {
  sessionId: string;
  localId: string;
  refId: string;
  serverId: string;
}

/**
 * A text HelenaCRM holds for Maria's reply. A new conversation is started with her (`protocolo`
 * names its start) unless `sessionId` is given.
 */
export async function heldText(r: Rig, outbox: Outbox, options: { text: string; protocolo: string; sessionId?: string }): Promise<Held> {
  await outbox.start();
  const sessionId = options.sessionId ?? (await conversationWithMaria(r, outbox, options.protocolo));
  const sent = await outbox.sendText(sessionId, options.text);
  await outbox.flush();
  expect(r.store.outbox.get(sent.localId)?.state).toBe('waiting_reply');
  const serverId = r.store.messages.get(sent.localId)?.id;
  if (!serverId) throw new Error('not held by the server');
  return { sessionId, localId: sent.localId, refId: sent.refId, serverId };
}

/** The texts (not the start's template) HelenaCRM released to WhatsApp: what the contact got. */
export function delivered(messages: readonly MessageDTO[]): (string | null)[] {
  return messages
    .filter((m) => m.direction === 'FROM_HUB' && m.templateId === null && ['SENT', 'DELIVERED', 'READ'].includes(m.status))
    .map((m) => m.text);
}

/** A lost answer: the connection reset after the request left. */
export const lostAnswer = () => new HelenaError({ detail: { kind: 'network', cause: 'reset' }, status: null, key: 'network.reset' });

/**
 * The rig's client, but once `lose(true)` every DELETE's answer (HelenaCRM did delete) and every
 * read of a message is lost.
 */
export function withdrawalAnswersLost(r: Rig): { client: ReturnType<typeof outboxClientWith>; lose(on: boolean): void } {
  let failing = false;
  const client = outboxClientWith(r.client, {
    async cancelMessage(messageId, opts) {
      const answer = await r.client.cancelMessage(messageId, opts);
      if (failing) throw lostAnswer();
      return answer;
    },
    async getMessage(messageId, opts) {
      if (failing) throw lostAnswer();
      return r.client.getMessage(messageId, opts);
    },
  });
  return {
    client,
    lose(on) {
      failing = on;
    },
  };
}

/**
 * The rig's client, but the contact writes just after HelenaCRM deleted a held message, and sync
 * hears it (what `onHeard` was given) before the DELETE's answer lands.
 */
export function replyHeardDuringWithdrawal(r: Rig): { client: ReturnType<typeof outboxClientWith>; onHeard(heard: () => void): void } {
  let heardReply = () => undefined as void;
  const client = outboxClientWith(r.client, {
    async cancelMessage(messageId, opts) {
      const answer = await r.client.cancelMessage(messageId, opts);
      await r.contactWrites(r.sandbox.company.contacts.maria);
      heardReply();
      return answer;
    },
  });
  return {
    client,
    onHeard(heard) {
      heardReply = heard;
    },
  };
}

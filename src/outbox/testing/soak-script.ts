/**
 * The soak test's script of messages, shared by the child that types them and the driver that
 * checks them. Message `index` always has the same conversation, kind and words for a given tag,
 * so a child restarted after a crash can carry on from what the store holds, and the checker can
 * tell every message the server has from one the script never wrote.
 *
 * Each message carries a marker `[soak:<tag>:<index>]` in its text (or a template parameter),
 * so it can be recognised in the local outbox and on the server whatever refId it went with.
 */
import { z } from 'zod';
import { seededRng } from '../../testing/prng';

const StartSpec = z.object({
  to: z.string().min(1),
  channelId: z.string().min(1),
  departmentId: z.string().min(1),
  templateId: z.string().min(1),
  parameters: z.record(z.string(), z.string()),
  /** The template parameter that carries the marker. */
  markerParam: z.string().min(1),
});

export const SoakConversation = z.discriminatedUnion('kind', [
  /** A session that exists before the soak (its window open). */
  z.object({ kind: z.literal('session'), name: z.string().min(1), sessionId: z.string().min(1) }),
  /** A conversation the script itself starts with its first message (a template: the window stays closed). */
  z.object({ kind: z.literal('start'), name: z.string().min(1), start: StartSpec }),
]);
export type SoakConversation = z.infer<typeof SoakConversation>;

export const SoakScriptSpec = z.object({
  tag: z.string().regex(/^[A-Za-z0-9-]+$/),
  conversations: z.array(SoakConversation).min(1),
  /** A template with one parameter, `nome`, usable in every conversation of the script. */
  templateId: z.string().min(1),
});
export type SoakScriptSpec = z.infer<typeof SoakScriptSpec>;

export type SoakMessageKind = 'start' | 'text' | 'template' | 'note';

export interface SoakMessage {
  index: number;
  /** Position in spec.conversations. */
  conversation: number;
  kind: SoakMessageKind;
  marker: string;
}

const MARKER = /\[soak:([A-Za-z0-9-]+):(\d+)\]/;

export function markerOf(tag: string, index: number): string {
  return `[soak:${tag}:${index}]`;
}

/** The script index a text (or a JSON payload) carries, when it carries this tag's marker. */
export function indexIn(text: string | null, tag: string): number | null {
  const match = text === null ? null : MARKER.exec(text);
  if (!match || match[1] !== tag) return null;
  return Number(match[2]);
}

export class SoakScript {
  private readonly firstIndex = new Map<number, number>();

  constructor(readonly spec: SoakScriptSpec) {}

  at(index: number): SoakMessage {
    const conversation = this.conversationOf(index);
    const isStart = this.spec.conversations[conversation]?.kind === 'start' && this.firstIndexOf(conversation) === index;
    return { index, conversation, kind: isStart ? 'start' : this.kindOf(index), marker: markerOf(this.spec.tag, index) };
  }

  /** The first index that falls in a conversation: for a 'start' conversation, its start. */
  firstIndexOf(conversation: number): number {
    let first = this.firstIndex.get(conversation);
    if (first === undefined) {
      first = 0;
      while (this.conversationOf(first) !== conversation) first++;
      this.firstIndex.set(conversation, first);
    }
    return first;
  }

  text(message: SoakMessage): string {
    return `Mensagem ${message.index} ${message.marker}`;
  }

  /** An internal note: its own endpoint and its own refId dedupe on the server, in the same queue. */
  noteText(message: SoakMessage): string {
    return `Nota ${message.index} ${message.marker}`;
  }

  templateParameters(message: SoakMessage): Record<string, string> {
    return { nome: `cliente ${message.marker}` };
  }

  private kindOf(index: number): Exclude<SoakMessageKind, 'start'> {
    const roll = this.draw(index, 'kind');
    return roll < 0.2 ? 'template' : roll < 0.3 ? 'note' : 'text';
  }

  private conversationOf(index: number): number {
    return Math.floor(this.draw(index, 'conversation') * this.spec.conversations.length);
  }

  /** A draw fixed by (tag, index, what): the same on every run and in every process. */
  private draw(index: number, what: string): number {
    return seededRng(0).fork(`${this.spec.tag}:${what}:${index}`).next();
  }
}

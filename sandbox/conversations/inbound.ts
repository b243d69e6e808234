import type { SandboxContext } from '../context';
import type { MessageDTO, SessionDTO } from '../../src/api/helena-dto';

export interface InboundInput {
  contactId: string;
  /** Channel the contact writes to; defaults to the contact's most recent session's channel, else the first official WhatsApp channel. */
  channelId?: string;
  text: string;
}

// STUB (owner: sandbox conversations helper). A message from the contact: opens/resets the 24 h window,
// releases WAIT_REPLY messages in order, emits MESSAGE_RECEIVED (+ SESSION_NEW/UPDATE).
export function receiveInboundMessage(_ctx: SandboxContext, _input: InboundInput): { session: SessionDTO; message: MessageDTO } {
  throw new Error('not built yet');
}

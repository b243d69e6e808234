/**
 * Who a start goes to, as the start flow carries it: a cached contact, or a number no contact has
 * yet (HelenaCRM creates the contact when the start arrives). `ref` is what the core's start and
 * cost commands take; `label` is what the trail shows; `name` fills the template's name parameter
 * (none for a new number: HelenaCRM knows no name for it yet). `busyChannelIds`: the channels where
 * the agent already has an open conversation with the contact, which the channel step leaves out
 * (HelenaCRM would put the start into that conversation).
 */
import type { ContactSummary } from '../../../src/console/results';
import { displayPhone } from '../../../src/domain/phone';

export interface StartContact {
  ref: { contactId: string } | { phone: string };
  label: string;
  name: string | null;
  busyChannelIds: readonly string[];
}

export function cachedContact(contact: ContactSummary): StartContact {
  const name = contact.name?.trim() || null;
  return {
    ref: { contactId: contact.id },
    label: name ?? (contact.phoneNumber ? displayPhone(contact.phoneNumber) : ''),
    name,
    busyChannelIds: (contact.openConversations ?? []).map((o) => o.channelId),
  };
}

export function newNumber(phone: string, display: string): StartContact {
  return { ref: { phone }, label: display, name: null, busyChannelIds: [] };
}

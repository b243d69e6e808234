/**
 * Who a start goes to, as the start flow carries it: a cached contact, or a number no contact has
 * yet (HelenaCRM creates the contact when the start arrives). `ref` is what the core's start and
 * cost commands take; `label` is what the trail shows.
 */
import type { ContactSummary } from '../../../src/console/results';

export interface StartContact {
  ref: { contactId: string } | { phone: string };
  label: string;
}

export function cachedContact(contact: ContactSummary): StartContact {
  return { ref: { contactId: contact.id }, label: contact.name ?? contact.phoneNumber ?? '' };
}

export function newNumber(phone: string, display: string): StartContact {
  return { ref: { phone }, label: display };
}

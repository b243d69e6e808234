/**
 * The company's contact custom field definitions, kept in the cache (sync_state) so the
 * conversation labels a contact's fields offline and after a restart. Fetched when a conversation
 * opens and the copy is older than REFRESH_MS (one request; definitions change when an admin edits
 * them, rarely), never on a timer: a desk nobody opens asks nothing.
 */
import { z } from 'zod';
import type { HelenaClient } from '../api/helena-client';
import { CustomFieldType } from '../api/helena-dto';
import { contactFieldDefinitions, type ContactFieldDefinition } from '../domain/contact-fields';
import type { SyncStateRepo } from '../store/sync-state-repo';

export const CONTACT_FIELDS_STATE_KEY = 'contact-custom-fields';
export const CONTACT_FIELDS_REFRESH_MS = 30 * 60_000;
const FETCH_WAIT_MS = 8_000;

const Stored = z.object({
  fetchedAt: z.number(),
  definitions: z.array(
    z.object({
      id: z.string(),
      parentId: z.string().nullable(),
      type: CustomFieldType,
      name: z.string().nullable(),
      key: z.string().nullable(),
      position: z.number(),
      visible: z.boolean(),
      isValueRange: z.boolean(),
      options: z.array(z.object({ id: z.string(), name: z.string().nullable() })),
    }),
  ),
});
type Stored = z.infer<typeof Stored>;

/**
 * The last stored text and what it parsed to, per cache: every conversation.open (each event that
 * touches the conversation reloads it) reads the definitions, and they change every 30 min at most.
 */
const lastRead = new WeakMap<SyncStateRepo, { raw: string; stored: Stored | null }>();

function read(state: SyncStateRepo): Stored | null {
  const raw = state.get(CONTACT_FIELDS_STATE_KEY);
  if (raw === null) return null;
  const cached = lastRead.get(state);
  if (cached?.raw === raw) return cached.stored;
  let stored: Stored | null = null;
  try {
    const parsed = Stored.safeParse(JSON.parse(raw));
    stored = parsed.success ? parsed.data : null;
  } catch {
    stored = null;
  }
  lastRead.set(state, { raw, stored });
  return stored;
}

/** The definitions last heard, or null when HelenaCRM has never answered on this server's cache. */
export function storedContactFieldDefinitions(state: SyncStateRepo): ContactFieldDefinition[] | null {
  return read(state)?.definitions ?? null;
}

/**
 * Asks HelenaCRM for the definitions when the stored copy is missing or older than REFRESH_MS.
 * Resolves true when they changed (the caller re-shows the contact), false otherwise. A failure
 * keeps the stored copy and rejects; the caller decides when to try again.
 */
export async function refreshContactFieldDefinitions(state: SyncStateRepo, client: HelenaClient, nowMs: number): Promise<boolean> {
  const stored = read(state);
  if (stored && nowMs - stored.fetchedAt < CONTACT_FIELDS_REFRESH_MS) return false;
  const definitions = contactFieldDefinitions(await client.listContactCustomFields({ signal: AbortSignal.timeout(FETCH_WAIT_MS) }));
  state.set(CONTACT_FIELDS_STATE_KEY, JSON.stringify({ fetchedAt: nowMs, definitions } satisfies Stored));
  return JSON.stringify(definitions) !== JSON.stringify(stored?.definitions ?? null);
}

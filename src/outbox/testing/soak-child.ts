/**
 * The soak test's child: an agent typing the soak script into the outbox, until SIGKILL.
 *
 * Opens the store in the given folder, starts the outbox (which reconciles whatever the last,
 * killed, process left in flight), resumes the script after the highest index the store holds,
 * and prints one 'saved' line per message only after the enqueue call returned. A message
 * enqueued but not printed (killed in between) is still the script's: the checker reads the store.
 *
 * In 'final' mode it types a few more messages, waits until the server acknowledged everything,
 * and, once the driver says the held conversations' contacts wrote, settles those too and exits.
 */
import { createInterface } from 'node:readline';
import { HelenaClient } from '../../api';
import { openStore, type OutboxState } from '../../store';
import { Outbox } from '../outbox';
import { seededRng, type Rng } from '../../testing/prng';
import { nextIndex, readLedger } from './soak-ledger';
import { CHILD_CONFIG_ENV, REPLIED_COMMAND, SoakChildConfig, type SoakLine } from './soak-protocol';
import { SoakScript, type SoakMessage } from './soak-script';
import type { EnqueueResult } from '../contract';

/** Fast enough for a test, but the app's own retrying client (deduped sends are repeated inside a call). */
const CLIENT = { retry: { baseMs: 30, capMs: 200 }, timeoutMs: 2_000 };
/**
 * Short waits; many attempts, because every kill while a row is in flight costs it one: the soak
 * checks exactly-once delivery, not when the outbox gives up on a message.
 */
const OUTBOX_RETRY = { baseMs: 40, capMs: 250, maxAttempts: 1_000 };

function emit(line: SoakLine): void {
  // A pipe on Linux is written synchronously: once this returns, the driver will read the line even if we die next.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const config = SoakChildConfig.parse(JSON.parse(process.env[CHILD_CONFIG_ENV] ?? 'null'));
const rng = seededRng(config.seed);
const script = new SoakScript(config.script);
const store = openStore({ location: config.storeDir });
const client = new HelenaClient({ baseUrl: config.baseUrl, getToken: () => config.token, random: rng.fork('client').next, ...CLIENT });
const outbox = new Outbox({
  store,
  client,
  retry: OUTBOX_RETRY,
  random: rng.fork('outbox').next,
  onInternalError: (error) => emit({ t: 'internal-error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
});

/** Local ids of the starts of 'start' conversations, as the store has them (they may predate this run). */
const startIds = new Map<number, string>();
const ledger = readLedger(store, config.script.tag);
for (const row of ledger) if (row.kind === 'start') startIds.set(script.at(row.index).conversation, row.localId);

let next = nextIndex(ledger);
const inFlight = store.outbox.counts().sending;
await outbox.start();
emit({ t: 'ready', next, inFlight });

async function enqueue(message: SoakMessage): Promise<EnqueueResult> {
  const conversation = config.script.conversations[message.conversation];
  if (!conversation) throw new Error(`script conversation ${message.conversation} missing`);
  if (message.kind === 'start') {
    if (conversation.kind !== 'start') throw new Error(`message ${message.index} starts a conversation that exists`);
    const { markerParam, ...input } = conversation.start;
    const result = await outbox.startConversation({ ...input, parameters: { ...input.parameters, [markerParam]: message.marker } });
    startIds.set(message.conversation, result.localId);
    return result;
  }
  const key = conversation.kind === 'session' ? conversation.sessionId : `start:${startIds.get(message.conversation) ?? 'missing'}`;
  if (message.kind === 'template') return outbox.sendTemplate(key, config.script.templateId, script.templateParameters(message));
  if (message.kind === 'note') return outbox.addNote(key, script.noteText(message));
  return outbox.sendText(key, script.text(message));
}

async function typeOne(): Promise<void> {
  const message = script.at(next);
  const result = await enqueue(message);
  emit({ t: 'saved', index: message.index, localId: result.localId, refId: result.refId, conversation: message.conversation, kind: message.kind });
  next++;
}

/** Agents type in bursts and pauses. */
function pause(random: Rng): number {
  return random.chance(0.3) ? 0 : random.int(0, 2 * config.paceMs);
}

async function settled(states: readonly OutboxState[]): Promise<void> {
  for (;;) {
    const counts = store.outbox.counts();
    if (states.every((state) => counts[state] === 0)) return;
    await sleep(20);
  }
}

async function commandFromDriver(expected: string): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === expected) return;
  throw new Error(`stdin closed before '${expected}'`);
}

/** The session ids of the conversations the script started: where the server holds texts for the reply. */
function startedSessions(): string[] {
  return [...startIds.values()].map((localId) => store.outbox.currentKey(`start:${localId}`)).filter((key): key is string => key !== null && !key.startsWith('start:'));
}

const pacing = rng.fork('pace');
if (config.mode === 'soak') {
  for (;;) {
    await typeOne();
    await sleep(pause(pacing));
  }
} else {
  for (let i = 0; i < config.finalMessages; i++) await typeOne();
  await settled(['queued', 'sending']);
  emit({ t: 'drained' });
  await commandFromDriver(REPLIED_COMMAND);
  // What sync does when it sees the contact's message: the server released what it held.
  for (const sessionId of startedSessions()) outbox.onContactReplied(sessionId);
  await settled(['queued', 'sending', 'waiting_reply']);
  await outbox.stop();
  store.close();
  emit({ t: 'done' });
  process.exit(0);
}

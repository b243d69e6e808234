/**
 * What the soak driver and its child say to each other: the child's configuration (one JSON
 * environment variable) and the JSON lines it prints. Both cross a process boundary, so both are
 * checked with zod on the way in.
 */
import { z } from 'zod';
import { SoakScriptSpec } from './soak-script';

export const CHILD_CONFIG_ENV = 'SOAK_CHILD_CONFIG';

/** The driver writes this line to the final child's stdin once the closed conversations' contacts wrote. */
export const REPLIED_COMMAND = 'replied';

export const SoakChildConfig = z.object({
  storeDir: z.string().min(1),
  baseUrl: z.string().url(),
  token: z.string().min(1),
  script: SoakScriptSpec,
  /** Drives this run's pacing and the outbox's jitter. */
  seed: z.number().int(),
  /** Mean pause between two messages the agent types. */
  paceMs: z.number().int().positive(),
  /**
   * 'soak': type messages until killed. 'final': type `finalMessages` more, wait until everything
   * is acknowledged, report 'drained', wait for REPLIED_COMMAND, settle the held messages, exit.
   */
  mode: z.enum(['soak', 'final']),
  finalMessages: z.number().int().nonnegative(),
});
export type SoakChildConfig = z.infer<typeof SoakChildConfig>;

export const SoakLine = z.discriminatedUnion('t', [
  /** The outbox started (reconciliation begun); `next` is the script index this run resumes at. */
  z.object({ t: z.literal('ready'), next: z.number().int(), inFlight: z.number().int() }),
  /** Printed only after the enqueue call returned: the instant the app tells the agent "saved". */
  z.object({
    t: z.literal('saved'),
    index: z.number().int(),
    localId: z.string(),
    refId: z.string(),
    conversation: z.number().int(),
    kind: z.enum(['start', 'text', 'template', 'note']),
  }),
  z.object({ t: z.literal('drained') }),
  z.object({ t: z.literal('done') }),
  /** The outbox reported a bug of its own (onInternalError): always a failure of the soak. */
  z.object({ t: z.literal('internal-error'), message: z.string() }),
]);
export type SoakLine = z.infer<typeof SoakLine>;
export type SavedLine = Extract<SoakLine, { t: 'saved' }>;

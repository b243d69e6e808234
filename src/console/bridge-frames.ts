/**
 * The web host's check of a WebSocket frame before the console sees it (the command's own input
 * is validated by HelenaConsole.handle). Apart from bridge-contract.ts so that zod stays out of
 * the preload and renderer bundles.
 */
import { z } from 'zod';

export const clientFrameSchema = z
  .object({
    type: z.literal('invoke'),
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    command: z.string().min(1).max(64),
    input: z.unknown(),
  })
  .strict();
export type ClientFrame = z.infer<typeof clientFrameSchema>;

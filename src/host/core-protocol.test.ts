import { expect, it } from 'vitest';
import { coreEventSchema, coreMessageSchema } from './core-protocol';

it("the cache's upgrade crosses the link as an event the shell accepts", () => {
  expect(coreEventSchema.safeParse({ type: 'store-upgrading' }).success).toBe(true);
  expect(coreMessageSchema.safeParse({ type: 'event', event: { type: 'store-upgrading' } }).success).toBe(true);
  expect(coreEventSchema.safeParse({ type: 'store-upgraded' }).success).toBe(false);
});

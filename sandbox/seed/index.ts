import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../context';

// STUB (owner: sandbox REST helper): creates tables and the demo company; returns the company id.
export function seedSandbox(_ctx: SandboxContext): string {
  return randomUUID();
}

/**
 * Deterministic UUIDs: the same name always gives the same id, so the demo company has stable ids
 * across runs and machines (a persisted client cache and a fresh sandbox agree), and a tag name
 * maps to one tag id.
 */
import { createHash } from 'node:crypto';

/** A name-based UUID in the RFC 4122 version-5 layout (SHA-1 of `sandbox:` + name). */
export function stableUuid(name: string): string {
  const hex = createHash('sha1').update(`helena-sandbox:${name}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function tagIdOf(tagName: string): string {
  return stableUuid(`tag:${tagName.toLowerCase()}`);
}

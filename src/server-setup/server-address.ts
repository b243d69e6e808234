/**
 * The HelenaCRM address an agent types on the setup screen (or IT bakes into an installer), checked
 * before anything is sent to it: the agent's e-mail, one-time code and token travel to this
 * server, so it must be https — plain http only for a server on this very computer (the sandbox),
 * where nothing crosses a network.
 */

/** What is wrong with a typed address; each has its own sentence (setup-messages.ts). */
export type AddressProblem = 'empty' | 'not_an_address' | 'looks_like_email' | 'not_https' | 'has_credentials';

export type AddressCheck = { ok: true; url: string } | { ok: false; problem: AddressProblem };

/** Longer than any real server root; bounds what is parsed, stored and shown. */
export const MAX_ADDRESS_LENGTH = 2048;

// URL.hostname keeps IPv6 literals in brackets.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase().replace(/\.$/, ''));
}

/**
 * The server root from what was typed: trimmed, with https:// added when no scheme was typed
 * (http:// for this computer's own names, where the sandbox listens), query and fragment dropped,
 * no trailing slash. Same normal form as backendUrlFrom, so one server is one folder of data.
 */
export function checkServerAddress(typed: string): AddressCheck {
  const text = typed.trim();
  if (text === '') return { ok: false, problem: 'empty' };
  if (text.length > MAX_ADDRESS_LENGTH || /\s/.test(text)) return { ok: false, problem: 'not_an_address' };
  // "mailto:…", "javascript:…": a scheme with no "//" — unlike "host:4010", no port follows the colon.
  if (/^[a-z][a-z0-9+.-]*:(?!\/\/|\d)/i.test(text)) return { ok: false, problem: 'not_an_address' };
  // An agent who takes this for the login types their e-mail; URL would read it as user@host.
  if (/^[^@/:]+@[^@/:]+\.[^@/:]+$/.test(text)) return { ok: false, problem: 'looks_like_email' };
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${defaultSchemeFor(text)}://${text}`);
  } catch {
    return { ok: false, problem: 'not_an_address' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'not_an_address' };
  // WHATWG URLs take hosts such as "exa$mple" or read "12345" as an IPv4 number: neither is an address anyone means.
  if (!/^[\p{L}\p{N}[\]:._-]+$/u.test(url.hostname) || /^\d+$/.test(typedHost(text))) return { ok: false, problem: 'not_an_address' };
  if (url.username || url.password) return { ok: false, problem: 'has_credentials' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { ok: false, problem: 'not_https' };
  return { ok: true, url: normalForm(url) };
}

/** How the address is named to the agent: host, port and any path ("api.helena.run", "127.0.0.1:4010"). */
export function displayHost(serverUrl: string): string {
  try {
    const url = new URL(serverUrl);
    return url.host + (url.pathname === '/' ? '' : url.pathname);
  } catch {
    return serverUrl.slice(0, 120);
  }
}

/** The host as typed, before any port or path, scheme or not. */
function typedHost(text: string): string {
  const rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  return /^(\[[^\]]*\]|[^:/?#]*)/.exec(rest)?.[1] ?? '';
}

function defaultSchemeFor(text: string): 'http' | 'https' {
  return isLoopbackHost(typedHost(text)) ? 'http' : 'https';
}

function normalForm(url: URL): string {
  return url.origin + url.pathname.replace(/\/+$/, '');
}

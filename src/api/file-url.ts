/**
 * Which links to a file's bytes the core follows (an upload URL HelenaCRM hands out, the public
 * link of a file a contact sent): https, so a customer's receipt never crosses the internet in
 * clear; or HelenaCRM's own origin (the sandbox, or a gateway, which may be plain http on this
 * machine); or plain http to this machine itself. Never a user or password in the URL. The account's
 * token goes to none of them: these links are their own credential.
 */

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The link as a URL when the core may follow it, else null. */
export function acceptableFileUrl(link: string, apiOrigin: string): URL | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.username !== '' || url.password !== '') return null;
  if (url.protocol === 'https:' || url.origin === apiOrigin) return url;
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname) ? url : null;
}

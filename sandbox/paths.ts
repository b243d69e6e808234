/** Request paths as the sandbox's hooks see them (the rate limit, auth, faults and error bodies). */

/** The path of a request URL, without its query string. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

/** `path` is `root` itself or below it (`/core` covers `/core/v1/contact`, not `/corex`). */
export function isUnder(path: string, root: string): boolean {
  return path === root || path.startsWith(`${root}/`);
}

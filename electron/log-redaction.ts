/**
 * What the log file may never hold, removed from every line before any transport sees it (the
 * file support asks for travels by e-mail and chat). Call sites already log only messages and
 * error names/messages, never command inputs or message texts; this is the net under them for
 * what an error message can carry by accident: a token in a server's answer, an Authorization
 * header in a library's error, the access code in a login failure, the agent's e-mail or phone.
 */

/** Values shorter than this are not worth hunting as exact strings: they would match ordinary words. */
const MIN_SECRET_LENGTH = 8;

// A value already replaced by an earlier rule starts with `[`: `(?!\[)` keeps later rules off it.
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // `Authorization: Bearer x`, `"authorization":"x"`, `authorization=x`: the whole value, whatever scheme.
  [/\b(authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?(?!\[)[^\s"',;}\]]+/gi, '$1[removido]'],
  // At least 8 characters: "bearer" in a sentence is not followed by a credential.
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, '$1 [removido]'],
  // A JWT: base64url of `{"` (eyJ) then at least a second segment.
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g, '[jwt removido]'],
  // token=…, "accessToken":"…", ?access_token=…, password / senha / secret likewise.
  [/\b((?:access|refresh|id|api|auth|session)?[_-]?token|password|senha|secret)(["']?\s*[:=]\s*["']?)(?!\[)[^\s"'&,;}\]]+/gi, '$1$2[removido]'],
  // The login's one-time code (6 digits) near the word that names it; exit codes and HTTP statuses are shorter.
  [/\b(c[oó]digo|code|otp|pin)(\D{0,30}?)\b\d{6}\b/gi, '$1$2[código]'],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, '[e-mail]'],
  // Phones as the app writes them: +55 11 98765-4321, or WhatsApp's bare 5511987654321.
  [/\+\d{1,3}[\s.-]?(?:\(\d{1,4}\)[\s.-]?)?\d[\d\s.-]{6,}\d/g, '[telefone]'],
  [/\b55\d{10,11}\b/g, '[telefone]'],
];

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `text` with every known secret (the current token, exactly) and everything that looks like a
 * credential or an agent's contact details replaced by a marker that says what was there.
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.replace(new RegExp(escapeForRegExp(secret), 'g'), '[token]');
  }
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

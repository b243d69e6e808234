/**
 * Names for the ways a connection fails before HelenaCRM is heard, shared by every caller that
 * maps them to a sentence (the client's errors, the setup screen's probe): the proxy's own
 * refusals, which the route's agent raises with these codes (net-route.ts), and the TLS checks'
 * codes that say the certificate is not one this computer trusts.
 */

/** The proxy could not be reached at all (refused, unknown name, closed before answering). */
export const PROXY_UNREACHABLE = 'HELENA_PROXY_UNREACHABLE';
/** The proxy answered the CONNECT with a refusal other than 407 (a 403 by policy, a 502 it could not route). */
export const PROXY_REFUSED = 'HELENA_PROXY_REFUSED';
/** The proxy wants a user and password (407) it was not given, or refused the ones given. */
export const PROXY_AUTH = 'HELENA_PROXY_AUTH';

export type ProxyFailureCode = typeof PROXY_UNREACHABLE | typeof PROXY_REFUSED | typeof PROXY_AUTH;

/** Raised by the route's agent; only its `code` travels on (axios copies it), never the proxy URL. */
export class ProxyConnectError extends Error {
  override readonly name = 'ProxyConnectError';
  constructor(
    readonly code: ProxyFailureCode,
    /** What the proxy answered the CONNECT with, or null when it did not answer. */
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** Why a certificate was refused, in the words an agent can act on (failure-messages.ts). */
export type CertificateFlaw = 'expired' | 'self_signed' | 'wrong_name' | 'untrusted';

const CERTIFICATE_CODES: Record<string, CertificateFlaw> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self_signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self_signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong_name',
  HOSTNAME_MISMATCH: 'wrong_name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted',
  CERT_UNTRUSTED: 'untrusted',
  CERT_REJECTED: 'untrusted',
  CERT_REVOKED: 'untrusted',
};

/** The flaw a Node/OpenSSL error code names, or null when the code is not about a certificate. */
export function certificateFlawOf(code: string | undefined): CertificateFlaw | null {
  return code !== undefined && Object.hasOwn(CERTIFICATE_CODES, code) ? (CERTIFICATE_CODES[code] ?? null) : null;
}

export function isProxyFailureCode(code: string | undefined): code is ProxyFailureCode {
  return code === PROXY_UNREACHABLE || code === PROXY_REFUSED || code === PROXY_AUTH;
}

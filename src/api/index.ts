/**
 * The HelenaCRM api layer: client, shared rate limiter, typed errors, paging.
 *
 *   const client = new HelenaClient({ baseUrl, getToken: () => secrets.token, onUnauthorized: askToLogIn });
 *   for await (const page of fetchAllPages((n) => client.listContacts({ pageNumber: n, updatedAfter }))) {
 *     store.upsertContacts(page.items); progress(page.pageNumber * page.pageSize, page.totalItems);
 *   }
 *   try { await client.sendSessionMessage(sessionId, { text, refId }); }
 *   catch (e) { if (isHelenaError(e, 'window_closed')) holdUntilReply(); else if (isHelenaError(e) && e.retryable) retryLater(); }
 *
 * One account = one rate budget: use one HelenaClient per account for the whole app, or pass the
 * same `bucket` (TokenBucket) to every client of that account. Requests wait for a token; they do
 * not fail for lack of one. Every thrown error is a HelenaError with a pt-BR `message`.
 */
export { HelenaClient, DEFAULT_PAGE_SIZE } from './helena-client';
export type {
  HelenaClientOptions,
  CallOptions,
  LoginCodeResult,
  LoginResult,
  AssignInput,
  TransferInput,
  CompleteInput,
  SavedFile,
  UploadUrl,
  UploadUrlRequest,
} from './helena-client';
export type { UploadOptions } from './upload-transport';
export type { ExchangeOutcome, HelenaLogger } from './transport';
export { exchangeOutcomeOf } from './transport';
export { TokenBucket, DEFAULT_RATE_LIMIT } from './token-bucket';
export type { RateLimitConfig, Release, TokenBucketStats } from './token-bucket';
export { DEFAULT_RETRY_POLICY, LONGEST_RATE_LIMIT_PAUSE_MS, backoffDelay, parseRetryAfter } from './backoff';
export type { RetryPolicy, RetryMode } from './backoff';
export { HelenaError, isHelenaError, OFFLINE_MESSAGE } from './errors';
export type { HelenaErrorDetail, HelenaErrorKind, DetailOf, NetworkCause } from './errors';
export { WINDOW_CLOSED_CODE, WINDOW_CLOSED_KEY, TOKEN_EXPIRED_KEY } from './error-mapping';
export { fetchAllPages } from './paging';
export type { FetchAllPagesOptions } from './paging';
export { serializeQuery } from './query';
export type { Clock } from './clock';
export { systemClock } from './clock';
export * from './requests';

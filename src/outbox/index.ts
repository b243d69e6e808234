export { Outbox, type OutboxClient, type OutboxOptions } from './outbox';
export { OutboxInputError } from './input-error';
export { DEFAULT_OUTBOX_RETRY, decideFailure, type FailureDecision, type OutboxRetryPolicy } from './failure-policy';
export type { EnqueueResult, OutboxLike, OutgoingFile, StartConversationInput } from './contract';
export { AttachmentFiles, AttachmentMissingError } from './attachment-files';

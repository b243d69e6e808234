/**
 * A conversation's messages, each with the state the agent reads (queued, waiting for the reply,
 * sent, delivered, read, failed with its reason, cancelled) and, while it has not gone out, the
 * actions left: edit (a text still held locally) and withdraw; a message that failed for a reason
 * worth another try (network, HelenaCRM down) can be sent again. A template sent with an image,
 * video or document says so under its text, with the link.
 */
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../src/console/results';
import { inLanguage } from '../i18n/error-text';
import { messageTime } from './relative-time';
import { messageMediaText } from './start/template-media';

/** What the agent reads for a message's state; the outbox's own state wins while it has one. */
export function messageState(m: MessageView): string {
  if (m.direction === 'TO_HUB') return 'received';
  if (m.outboxState && m.outboxState !== 'sent') return m.outboxState;
  switch (m.status) {
    case 'DELIVERED':
      return 'delivered';
    case 'READ':
      return 'read';
    case 'FAILED':
      return 'failed';
    case 'CANCELLED':
      return 'cancelled';
    case 'WAIT_REPLY':
      return 'waiting_reply';
    case 'LOCAL':
    case 'PROCESSING':
    case 'SAVED':
    case 'QUEUED':
      return 'sending';
    default:
      return 'sent';
  }
}

export function MessageList({
  messages,
  onEdit,
  onCancel,
  onRetry,
}: {
  messages: readonly MessageView[];
  onEdit: (message: MessageView) => void;
  onCancel: (message: MessageView) => void;
  onRetry: (message: MessageView) => void;
}) {
  const { t, i18n } = useTranslation();
  const now = Date.now();
  return (
    <ol className="messages" aria-label={t('conversation.messages')}>
      {messages.map((m) => (
        <li key={m.localId} className={m.direction === 'TO_HUB' ? 'in' : 'out'}>
          <p>{m.text ?? t('conversation.templateMessage')}</p>
          {m.media && (
            <p className="media muted" data-testid="message-media" title={m.media.link ?? undefined}>
              {messageMediaText(m.media, t)}
            </p>
          )}
          <span className="meta-line">
            <time className="at" dateTime={m.createdAt}>
              {messageTime(m.createdAt, now, i18n.language)}
            </time>
            <span className={`state ${messageState(m)}`} data-testid="message-state">
              {m.retryingAfter
                ? t('messageState.retrying', { reason: inLanguage(i18n.language, m.retryingAfter, m.retryingAfterEn) })
                : t(`messageState.${messageState(m)}`)}
              {m.failedReason ? ` — ${inLanguage(i18n.language, m.failedReason, m.failedReasonEn)}` : ''}
            </span>
          </span>
          {(m.editable || m.retryable) && m.direction === 'FROM_HUB' && (
            <span className="actions">
              {m.retryable && (
                <button type="button" className="link" onClick={() => onRetry(m)}>
                  {t('conversation.retry')}
                </button>
              )}
              {m.textEditable && (
                <button type="button" className="link" onClick={() => onEdit(m)}>
                  {t('conversation.edit')}
                </button>
              )}
              {m.editable && (
                <button type="button" className="link" onClick={() => onCancel(m)}>
                  {t('conversation.cancel')}
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

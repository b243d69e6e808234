/**
 * A past conversation of the contact, opened from "Atendimentos anteriores", read-only inside the
 * conversation screen: a banner says when it ended and who had it ("Atendimento concluído em 12/11
 * por Ana Lúcia Souza — somente leitura"), then its messages and internal notes as the core keeps
 * them (conversation.open fetches them from HelenaCRM the first time). No box and one action: a
 * message of this computer's left failed when the conversation was completed can be cleared
 * ("Cancelar envio") — this is the only screen that still shows it once the desk no longer lists
 * the conversation. Esc goes back to the conversation on screen (the parent listens), Alt+H to the list.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView, PastConversation } from '../../src/console/results';
import { useErrorText } from '../i18n/error-text';
import { callCore, useAppStore } from '../state/app-store';
import { pastBanner } from './history';
import { MessageList } from './MessageList';

export function PastConversationView({ item }: { item: PastConversation }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const bridge = useAppStore((s) => s.bridge);
  const [messages, setMessages] = useState<MessageView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLElement>(null);
  const sessionId = item.id;

  const ticket = useRef(0);
  const load = useCallback(async () => {
    const mine = ++ticket.current;
    const answer = await callCore('conversation.open', { sessionId });
    if (mine !== ticket.current) return;
    if (!answer.ok) {
      setError(errorText(answer.error));
      setMessages((previous) => previous ?? []);
      return;
    }
    setError(null);
    setMessages(answer.value.messages);
  }, [sessionId]);

  // The keys (Esc, Alt+H) reach the conversation screen from here, from the commit that shows it on.
  useLayoutEffect(() => {
    rootRef.current?.focus();
  }, [load]);

  useEffect(() => {
    setMessages(null);
    void load();
  }, [load]);

  // Once the messages are in, the keyboard goes onto them: ↑ ↓ PageUp PageDown Home End scroll
  // what the agent opened it to read (the section itself does not scroll, so they would not).
  const listRef = useRef<HTMLOListElement>(null);
  const shown = messages !== null && messages.length > 0;
  // Before paint: the messages come with an async answer, and an ↓ pressed before a passive effect scrolled nothing.
  useLayoutEffect(() => {
    if (shown && document.activeElement === rootRef.current) listRef.current?.focus();
  }, [shown]);

  // HelenaCRM's copy may land after the first read (a refresh in the background): read again.
  useEffect(() => {
    if (!bridge) return;
    return bridge.onEvent((event) => {
      if ((event.type === 'conversation-changed' || event.type === 'message-status') && event.sessionId === sessionId) void load();
    });
  }, [bridge, sessionId, load]);

  const clear = useCallback(
    (message: MessageView) => {
      void callCore('message.cancel', { localId: message.localId }).then((answer) => {
        if (!answer.ok) setError(errorText(answer.error));
        // The button goes with the message's failure: the keyboard stays on the messages, not lost on the page.
        listRef.current?.focus();
        void load();
      });
    },
    [load],
  );

  const banner = pastBanner(item, Date.now(), i18n.language, t('history.noTeam'));
  return (
    <section ref={rootRef} className="past-conversation" tabIndex={-1} aria-labelledby="past-banner">
      <p id="past-banner" className="past-banner" role="status" data-testid="past-banner">
        {t(`history.${banner.key}`, banner.values)}
      </p>
      <p className="muted past-detail">{[item.teamName, item.channelName].filter(Boolean).join(' · ')}</p>
      {messages === null ? (
        <p className="muted" aria-busy="true">
          {t('history.pastLoading')}
        </p>
      ) : messages.length === 0 && !error ? (
        <p className="muted">{t('history.pastEmpty')}</p>
      ) : (
        <MessageList ref={listRef} messages={messages} onCancel={clear} />
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="muted keys">{t('history.pastKeys')}</p>
    </section>
  );
}

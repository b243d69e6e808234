/**
 * Hands the conversation to another team (its queue) or to an agent. The core lists who can take
 * it (other teams serving the channel; agents of the conversation's team, and admins). A pick asks
 * once more, because the conversation then leaves the agent: Enter confirms, Esc goes back. The
 * confirm step takes a note for whoever receives it (optional, focused: Enter transfers with it,
 * Shift+Enter a new line); the core saves it as an internal note before it transfers.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody } from '../../src/console/errors';
import type { ConversationSummary, TransferTargets } from '../../src/console/results';
import { Dialog } from '../components/Dialog';
import { useErrorText } from '../i18n/error-text';
import { callCore } from '../state/app-store';
import { ChoiceStep } from './start/ChoiceStep';
import { directActionFailure, useShownAfterDelay } from './direct-action';

type Target =
  | ({ kind: 'team' } & TransferTargets['teams'][number])
  | ({ kind: 'agent' } & TransferTargets['agents'][number]);

export function TransferDialog({
  conversation,
  onClose,
  onTransferred,
}: {
  conversation: ConversationSummary;
  onClose: () => void;
  /** After the server took the transfer; `done` says so in the agent's language. */
  onTransferred: (done: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [targets, setTargets] = useState<Target[] | null>(null);
  const [chosen, setChosen] = useState<Target | null>(null);
  const [busy, setBusy] = useState(false);
  /** Past a moment (seconds offline): "Transferindo…" on the button, and said aloud, since the keyboard stays in the note. */
  const slow = useShownAfterDelay(busy);
  const [error, setError] = useState<string | null>(null);
  /** Set when the transfer was refused after the note went into the conversation. */
  const [noteKept, setNoteKept] = useState(false);
  /** …and offline: the note waits in the queue (it goes when the connection is back), not yet on HelenaCRM. */
  const [noteQueued, setNoteQueued] = useState(false);
  const [note, setNote] = useState('');
  const sessionId = conversation.id;

  useEffect(() => {
    let live = true;
    void callCore('transfer.targets', { sessionId }).then((answer) => {
      if (!live) return;
      if (!answer.ok) {
        setError(errorText(answer.error));
        setTargets([]);
        return;
      }
      const { teams, agents } = answer.value;
      setTargets([...teams.map((team): Target => ({ kind: 'team', ...team })), ...agents.map((agent): Target => ({ kind: 'agent', ...agent }))]);
    });
    return () => {
      live = false;
    };
  }, [sessionId]);

  const labelOf = (target: Target) =>
    target.kind === 'team' ? t('transfer.team', { name: target.name ?? '' }) : (target.name ?? target.userId);

  async function transfer(target: Target) {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNoteKept(false);
    const withNote = note.trim() === '' ? {} : { note };
    const answer = await callCore(
      'conversation.transfer',
      target.kind === 'team'
        ? { sessionId, type: 'DEPARTMENT', teamId: target.id, ...withNote }
        : { sessionId, type: 'USER', userId: target.userId, ...withNote },
    );
    setBusy(false);
    if (!answer.ok) {
      const failure = directActionFailure(answer.error.code);
      setError(failure ? t(failure === 'offline' ? 'transfer.offline' : 'transfer.unstable') : errorText(answer.error));
      setNoteKept(note.trim() !== '' && noteWentIn(answer.error));
      setNoteQueued(failure === 'offline');
      return;
    }
    onTransferred(t('transfer.done', { contact: conversation.contactName ?? '', target: labelOf(target) }));
  }

  return (
    <Dialog title={t('transfer.title')} titleId="transfer-dialog-title" onEscape={() => (chosen && !busy ? setChosen(null) : onClose())}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {chosen === null ? (
        <ChoiceStep<Target>
          id="transfer-targets"
          title={t('transfer.pick')}
          empty={t('transfer.none')}
          loading={t('start.loading')}
          items={targets}
          keyOf={(target) => (target.kind === 'team' ? `team:${target.id}` : `agent:${target.userId}`)}
          render={(target) => (
            <>
              <span className="name">{labelOf(target)}</span>
              <span className="detail">
                {target.kind === 'team'
                  ? t('transfer.teamDetail')
                  : [target.teamName, target.available === null ? null : t(target.available ? 'transfer.available' : 'transfer.unavailable')]
                      .filter(Boolean)
                      .join(' · ')}
              </span>
            </>
          )}
          onPick={setChosen}
        />
      ) : (
        <section aria-labelledby="transfer-question">
          <p id="transfer-question">{t('transfer.question', { contact: conversation.contactName ?? '', target: labelOf(chosen) })}</p>
          <p className="muted">{chosen.kind === 'team' ? t('transfer.teamEffect') : t('transfer.agentEffect', { name: labelOf(chosen) })}</p>
          <label htmlFor="transfer-note" className="note-mode">
            {t('transfer.noteLabel')}
          </label>
          <textarea
            id="transfer-note"
            className="note transfer-note"
            autoFocus
            rows={3}
            maxLength={4096}
            value={note}
            placeholder={t('transfer.notePlaceholder')}
            aria-describedby="transfer-note-hint"
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault();
                void transfer(chosen);
              }
            }}
          />
          <p id="transfer-note-hint" className="muted">
            {noteKept ? t(noteQueued ? 'transfer.noteQueued' : 'transfer.noteKept') : t('transfer.noteHint')}
          </p>
          <div className="dialog-actions">
            <button type="button" disabled={busy} aria-busy={busy} onClick={() => void transfer(chosen)}>
              {slow ? t('transfer.busy') : t('transfer.confirm')}
            </button>
            <p className="sr-only" aria-live="polite" data-testid="transfer-progress">
              {slow ? t('transfer.busy') : ''}
            </p>
            <p className="muted keys">{t('transfer.keys')}</p>
          </div>
        </section>
      )}
    </Dialog>
  );
}

/** A refusal from HelenaCRM itself (api.*) or about the note's delivery: the note is already in the conversation. */
function noteWentIn(error: ConsoleErrorBody): boolean {
  return error.code.startsWith('api.') || error.code === 'note_not_sent';
}

/**
 * "Nova versão 0.2.0 pronta…": a slim notice above every screen once the installed app has
 * downloaded a newer version (electron/updates.ts). It installs by itself when the agent quits;
 * "Reiniciar e atualizar" (Tab reaches it, or Alt+R anywhere) does it now. With messages still in
 * the queue the agent hears first that they are kept and go out after the restart, and confirms.
 * Never shown in a browser tab: the web host has no updates.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsoleErrorBody } from '../../src/console/errors';
import { Dialog } from '../components/Dialog';
import { useErrorText } from '../i18n/error-text';
import { callCore, useAppStore } from '../state/app-store';
import { isRestartShortcut, queuedToSend } from './update-notice';

export function UpdateNotice() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const ready = useAppStore((s) => s.updateReady);
  const restarting = useAppStore((s) => s.restartingToUpdate);
  const restartToUpdate = useAppStore((s) => s.restartToUpdate);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [error, setError] = useState<ConsoleErrorBody | null>(null);

  async function restart(): Promise<void> {
    setConfirming(null);
    setError(await restartToUpdate());
  }

  async function askToRestart(): Promise<void> {
    if (restarting) return;
    // Counted now, not from the last snapshot: a message queued a second ago counts too.
    const answer = await callCore('state.snapshot', {});
    const queued = queuedToSend(answer.ok ? answer.value.outbox : useAppStore.getState().snapshot?.outbox);
    if (queued > 0) setConfirming(queued);
    else await restart();
  }

  useEffect(() => {
    if (!ready) return;
    function onKey(event: KeyboardEvent) {
      if (!isRestartShortcut(event)) return;
      event.preventDefault();
      void askToRestart();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  if (!ready) return null;
  return (
    <aside className="update-notice" aria-label={t('update.label')} data-testid="update-notice">
      <span role="status">{restarting ? t('update.restarting') : t('update.ready', { version: ready.version })}</span>
      {!restarting && (
        <button type="button" aria-keyshortcuts="Alt+R" onClick={() => void askToRestart()}>
          {t('update.restart')} <kbd aria-hidden="true">Alt+R</kbd>
        </button>
      )}
      {error && (
        <span className="error" role="alert">
          {errorText(error)}
        </span>
      )}
      {confirming !== null && (
        <Dialog title={t('update.confirmTitle')} titleId="update-confirm-title" onEscape={() => setConfirming(null)}>
          <p>{t('update.confirmQueued', { count: confirming })}</p>
          <button type="button" autoFocus onClick={() => void restart()}>
            {t('update.restart')}
          </button>
          <p className="muted keys">{t('update.confirmKeys')}</p>
        </Dialog>
      )}
    </aside>
  );
}

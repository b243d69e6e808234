/**
 * "Os dados locais deste computador estavam danificados…": said once, above every screen, after a
 * start that set a damaged database aside (src/store/recover.ts): where the copy for support is,
 * what came back (queued messages, drafts) and that the rest comes back with the sync. "Entendi"
 * (Tab reaches it) dismisses it for good: the core forgets it (recovery.dismiss).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { callCore, useAppStore } from '../state/app-store';

export function RecoveryNotice() {
  const { t } = useTranslation();
  const recovery = useAppStore((s) => s.snapshot?.recovery ?? null);
  const [dismissed, setDismissed] = useState<string | null>(null);
  if (!recovery || dismissed === recovery.folder) return null;

  function dismiss(folder: string): void {
    // Hidden at once; the core forgets it too, so a reload or a new window does not say it again.
    setDismissed(folder);
    void callCore('recovery.dismiss', {});
  }

  const kept = recovery.salvageFailed
    ? t('recovery.salvageFailed')
    : recovery.schema === 'current' ? t('recovery.salvaged', { messages: t('recovery.messages', { count: recovery.messages }), drafts: t('recovery.drafts', { count: recovery.drafts }) }) : t(`recovery.schema.${recovery.schema}`);
  return (
    <aside className="update-notice recovery-notice" aria-label={t('recovery.label')} data-testid="recovery-notice">
      <span role="status">
        {t('recovery.text', { folder: recovery.folder, kept })}
        {recovery.schema === 'current' && !recovery.salvageFailed && !recovery.agent && ` ${t('recovery.loginAgain')}`}
      </span>
      <button type="button" onClick={() => dismiss(recovery.folder)}>
        {t('recovery.dismiss')}
      </button>
    </aside>
  );
}

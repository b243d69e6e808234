/**
 * "Este computador não tem um cofre de senhas do sistema…": a slim notice above every screen when
 * the shell can keep the login only while the app is open (Linux without gnome-keyring or KWallet,
 * electron/secrets.ts), so the agent knows why they log in at every start, and what would end it.
 * Told once: "Entendi" (Tab reaches it) hides it for good on this computer. Never in a browser tab:
 * the web host answers that the login is not a keyring question there.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../state/app-store';

/** Set once the agent dismissed the notice; the window's storage is this computer's, like the language. */
export const KEYRING_NOTICE_SEEN_KEY = 'helena.keyringNoticeSeen';

function seenBefore(): boolean {
  try {
    return window.localStorage.getItem(KEYRING_NOTICE_SEEN_KEY) === '1';
  } catch {
    // Storage refused: better told again next time than never told.
    return false;
  }
}

export function KeyringNotice() {
  const { t } = useTranslation();
  const inMemory = useAppStore((s) => s.loginKeptInMemory);
  const [dismissed, setDismissed] = useState(seenBefore);
  if (!inMemory || dismissed) return null;

  function dismiss(): void {
    setDismissed(true);
    try {
      window.localStorage.setItem(KEYRING_NOTICE_SEEN_KEY, '1');
    } catch {
      // Hidden for this run all the same.
    }
  }

  return (
    <aside className="update-notice keyring-notice" aria-label={t('keyring.label')} data-testid="keyring-notice">
      <span role="status">{t('keyring.text')}</span>
      <button type="button" onClick={dismiss}>
        {t('keyring.dismiss')}
      </button>
    </aside>
  );
}

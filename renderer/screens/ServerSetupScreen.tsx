/**
 * "Conectar ao HelenaCRM": the first screen of a fresh install (no server chosen yet), and where
 * "Alterar" on the login screen leads. One field; Enter sends it to the shell, which checks the
 * address, asks it whether it is HelenaCRM and keeps it (server.save), then the login follows.
 * Keyboard only: the field has the focus, errors are announced and the field is selected for
 * another try; Esc goes back to the login when there is a server to go back to, and otherwise
 * does nothing (there is nowhere to go before a server is chosen).
 */
import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import { useAppStore } from '../state/app-store';
import { LanguageSwitch } from './LanguageSwitch';

export function ServerSetupScreen({ changing }: { changing: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const current = useAppStore((s) => s.server?.server ?? null);
  const saveServer = useAppStore((s) => s.saveServer);
  const cancel = useAppStore((s) => s.cancelServerChange);
  const [address, setAddress] = useState(() => (changing && current ? current.url : ''));
  const [checking, setChecking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fieldRef = useRef<HTMLInputElement>(null);

  // Before paint, so nothing typed as the screen appears goes to the page.
  useLayoutEffect(() => {
    fieldRef.current?.focus();
    // Changing: the current address is selected, so typing replaces it and Enter alone re-checks it.
    fieldRef.current?.select();
  }, []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (checking !== null) return;
    setError(null);
    setChecking(address.trim());
    const problem = await saveServer(address);
    // On success this screen goes away; only a refusal comes back here.
    if (!problem) return;
    setChecking(null);
    setError(errorText(problem));
    fieldRef.current?.focus();
    fieldRef.current?.select();
  }

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    if (changing && checking === null) cancel();
  }

  const busy = checking !== null;
  return (
    <main className="login setup" onKeyDown={onKeyDown}>
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <h1>{t('setup.title')}</h1>
      {changing && current && <p className="hint">{current.source === 'installer' ? t('setup.fromInstaller', { host: current.host }) : t('setup.current', { host: current.host })}</p>}
      <form onSubmit={onSubmit} aria-busy={busy}>
        <p>{t('setup.intro')}</p>
        <label htmlFor="server-address">{t('setup.addressLabel')}</label>
        <input
          id="server-address"
          ref={fieldRef}
          type="text"
          inputMode="url"
          autoComplete="url"
          autoCapitalize="off"
          spellCheck={false}
          aria-describedby="server-example"
          aria-invalid={error !== null}
          readOnly={busy}
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          maxLength={2100}
        />
        <p id="server-example" className="hint">
          {t('setup.example')}
        </p>
        <button type="submit" disabled={busy}>
          {busy ? t('setup.checking') : t('setup.connect')}
        </button>
        {changing && (
          <button type="button" className="link" onClick={cancel} disabled={busy}>
            {t('setup.back')}
          </button>
        )}
      </form>
      {busy && (
        <p role="status" className="checking">
          {t('setup.checkingStatus', { address: checking })}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <p className="hint">{changing ? t('setup.keysChanging') : t('setup.keys')}</p>
      {changing && <p className="hint">{t('setup.perServer')}</p>}
    </main>
  );
}

/**
 * Login by one-time code: the agent types their e-mail or phone, gets a code, types the code.
 * Keyboard only: Enter submits each step, focus moves to the next field, errors are announced.
 */
import { useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import { useAppStore } from '../state/app-store';
import { LanguageSwitch } from './LanguageSwitch';

type Step = { kind: 'login' } | { kind: 'code'; login: string; channel: 'email' | 'sms' };

export function LoginScreen({ expired }: { expired: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const requestCode = useAppStore((s) => s.requestCode);
  const verify = useAppStore((s) => s.verify);
  const server = useAppStore((s) => s.server);
  const changeServer = useAppStore((s) => s.changeServer);
  const [step, setStep] = useState<Step>({ kind: 'login' });
  const [login, setLogin] = useState('');
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loginRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  // Before paint: the code step comes with the server's answer, and a passive effect ran only after
  // paint, the first digits typed meanwhile lost on the page.
  useLayoutEffect(() => {
    (step.kind === 'login' ? loginRef : codeRef).current?.focus();
  }, [step]);

  async function onRequest(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    const answer = await requestCode(login.trim());
    setBusy(false);
    if (!answer.ok) {
      setError(errorText(answer.error));
      return;
    }
    setCode('');
    setStep({ kind: 'code', login: login.trim(), channel: answer.value.channel });
  }

  async function onVerify(event: FormEvent) {
    event.preventDefault();
    if (busy || step.kind !== 'code') return;
    setBusy(true);
    setError(null);
    const problem = await verify(step.login, code.trim());
    setBusy(false);
    if (problem) {
      setError(errorText(problem));
      codeRef.current?.select();
    }
  }

  return (
    <main className="login">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <h1>{t('login.title')}</h1>
      {expired && <p className="notice">{t('login.expired')}</p>}
      {step.kind === 'login' ? (
        <form onSubmit={onRequest} aria-busy={busy}>
          <p>{t('login.intro')}</p>
          <label htmlFor="login">{t('login.loginLabel')}</label>
          <input
            id="login"
            ref={loginRef}
            autoComplete="username"
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            required
            minLength={3}
            maxLength={255}
          />
          <button type="submit" disabled={busy || login.trim().length < 3}>
            {busy ? t('login.requesting') : t('login.requestCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={onVerify} aria-busy={busy}>
          <p>{step.channel === 'sms' ? t('login.codeSentSms', { login: step.login }) : t('login.codeSentEmail', { login: step.login })}</p>
          <label htmlFor="code">{t('login.codeLabel')}</label>
          <input
            id="code"
            ref={codeRef}
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{6}"
            maxLength={6}
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            required
          />
          <button type="submit" disabled={busy || code.length !== 6}>
            {busy ? t('login.verifying') : t('login.verify')}
          </button>
          <button
            type="button"
            className="link"
            onClick={() => {
              setError(null);
              setStep({ kind: 'login' });
            }}
          >
            {t('login.otherLogin')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {server?.server && (
        <p className="server-line">
          {t('login.server', { host: server.server.host })}
          {server.changeable ? (
            <>
              {' · '}
              <button type="button" className="link" onClick={changeServer} aria-label={t('login.changeServerLabel')} disabled={busy}>
                {t('login.changeServer')}
              </button>
            </>
          ) : (
            <> · {t('login.serverFromEnv')}</>
          )}
        </p>
      )}
    </main>
  );
}

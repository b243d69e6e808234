/**
 * "Disponível" (green) or "Em pausa" (amber) for the signed-in agent, at the head of the status
 * bar on the desk and in a conversation. A click or Alt+D (anywhere in the app) toggles it; while
 * HelenaCRM saves it the badge says so; a refusal (offline: a pause only counts once HelenaCRM
 * knows of it) shows beside it in the agent's language.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../i18n/error-text';
import { useAppStore } from '../state/app-store';
import { availabilityBadge, isAvailabilityShortcut } from './availability';

export function AvailabilityToggle() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const availability = useAppStore((s) => s.snapshot?.agent?.availability ?? null);
  const saving = useAppStore((s) => s.availabilitySaving);
  const error = useAppStore((s) => s.availabilityError);
  const toggle = useAppStore((s) => s.toggleAvailability);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!isAvailabilityShortcut(event)) return;
      event.preventDefault();
      void toggle();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);

  const badge = availabilityBadge(availability, saving);
  return (
    <>
      <button
        type="button"
        className={`availability ${badge.tone}`}
        data-testid="availability"
        aria-keyshortcuts="Alt+D"
        aria-busy={saving !== null}
        aria-pressed={availability === 'UNAVAILABLE'}
        title={t(availability === 'UNAVAILABLE' ? 'availability.toResume' : 'availability.toPause')}
        onClick={() => void toggle()}
      >
        <span className="dot" aria-hidden="true" />
        <span className="sr-only">{t('availability.label')}: </span>
        {t(`availability.${badge.label}`)}
        <kbd aria-hidden="true">Alt+D</kbd>
      </button>
      {error && (
        <span className="availability-error error" role="alert" data-testid="availability-error">
          {errorText(error)}
        </span>
      )}
    </>
  );
}

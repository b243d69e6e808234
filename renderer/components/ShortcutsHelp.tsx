/**
 * F1 anywhere: every keyboard shortcut of the app on one page, in the agent's language. Agents who
 * work from the keyboard find the keys here instead of in a manual.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

const GROUPS = ['desk', 'start', 'conversation'] as const;

export function ShortcutsHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== 'F1') return;
      event.preventDefault();
      setOpen(true);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!open) return null;
  return (
    <Dialog title={t('shortcuts.title')} titleId="shortcuts-title" className="shortcuts" onEscape={() => setOpen(false)}>
      {GROUPS.map((group) => (
        <section key={group} aria-labelledby={`shortcuts-${group}`}>
          <h3 id={`shortcuts-${group}`}>{t(`shortcuts.${group}.title`)}</h3>
          <dl>
            {(t(`shortcuts.${group}.keys`, { returnObjects: true }) as Array<[string, string]>).map(([keys, what]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div className="dialog-actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}

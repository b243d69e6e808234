/**
 * F1 anywhere: every keyboard shortcut of the app on one page, in the agent's language. Agents who
 * work from the keyboard find the keys here instead of in a manual.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from './Dialog';

const GROUPS = ['desk', 'start', 'conversation'] as const;

type Group = (typeof GROUPS)[number];

/** The keys the agent is after are those of where they pressed F1: the start flow, a conversation, else the desk. */
function groupAt(element: Element | null): Group {
  if (element?.closest('.start-flow')) return 'start';
  if (element?.closest('.conversation')) return 'conversation';
  return 'desk';
}

export function ShortcutsHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Group | null>(null);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== 'F1') return;
      event.preventDefault();
      setOpen(groupAt(document.activeElement));
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Opened over the start flow at 1366×768, its section sat below the fold, under the desk's.
  useEffect(() => {
    if (open && open !== 'desk') document.getElementById(`shortcuts-${open}`)?.scrollIntoView?.({ block: 'start' });
  }, [open]);

  if (!open) return null;
  return (
    <Dialog title={t('shortcuts.title')} titleId="shortcuts-title" className="shortcuts" onEscape={() => setOpen(null)}>
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
        <button type="button" onClick={() => setOpen(null)}>
          {t('shortcuts.close')}
        </button>
      </div>
    </Dialog>
  );
}

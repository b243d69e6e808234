/**
 * A modal for keyboard users: Escape asks the owner to go back (or close), Tab cycles inside it,
 * and its title names it. The start flow and the template dialog both use it.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'input, textarea, button, select, [tabindex="0"]';

export function Dialog({ title, titleId, className, onEscape, children }: { title: string; titleId: string; className?: string; onEscape: () => void; children: ReactNode }) {
  const dialogRef = useRef<HTMLDivElement>(null);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onEscape();
    } else if (event.key === 'Tab' && dialogRef.current) {
      const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((e) => !e.hasAttribute('disabled'));
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (!first || !last) return;
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }

  return (
    <div className="backdrop">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className={className ? `dialog ${className}` : 'dialog'} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

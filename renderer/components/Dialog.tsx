/**
 * A modal for keyboard users: Escape asks the owner to go back (or close), Tab cycles inside it,
 * and its title names it. The start flow, the template dialog and the transfer dialog use it.
 *
 * Escape is heard on the window, not on the dialog: while a step swaps its list (loading the next
 * options) nothing inside may have the focus, and an Escape pressed then must still go back. The
 * focus itself returns to the dialog whenever it falls outside it, so no key is lost either. When
 * the dialog closes, the focus goes back where it was before it opened (unless something else
 * took it meanwhile), so the keyboard carries on from there.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * The dialogs open, oldest first. Only the newest (on top) hears Escape and keeps the focus: F1's
 * shortcuts over the start flow closed the start flow underneath on Esc (its listener was there
 * first), losing what the agent had chosen, and left the help open.
 */
const openDialogs: symbol[] = [];
const onTop = (dialog: symbol) => openDialogs[openDialogs.length - 1] === dialog;

// A video's own controls (the received-video viewer) are a stop too, so Tab wraps through them.
const FOCUSABLE = 'input, textarea, button, select, video[controls], [tabindex="0"]';

export function Dialog({ title, titleId, className, onEscape, children }: { title: string; titleId: string; className?: string; onEscape: () => void; children: ReactNode }) {
  const dialogRef = useRef<HTMLDivElement>(null);
  const onEscapeRef = useRef(onEscape);
  onEscapeRef.current = onEscape;
  // Read while rendering: by the time effects run, a field inside has already taken the focus.
  const opener = useRef(document.activeElement instanceof HTMLElement ? document.activeElement : null);
  const self = useRef(Symbol('dialog'));

  // On top, hearing Esc and holding the focus in the commit that shows it, before it is painted: an
  // opening rendered by an async answer runs passive effects only after paint, and a key typed then
  // went to what had the focus before (the conversation's box) or to the page.
  useLayoutEffect(() => {
    const me = self.current;
    openDialogs.push(me);
    const dialog = dialogRef.current;
    if (dialog && onTop(me) && !dialog.contains(document.activeElement)) dialog.focus();
    return () => {
      openDialogs.splice(openDialogs.indexOf(me), 1);
    };
  }, []);

  useEffect(
    () => () => {
      const before = opener.current;
      const now = document.activeElement;
      if (before?.isConnected && (now === null || now === document.body)) before.focus();
    },
    [],
  );

  useLayoutEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      // Handled already (e.g. a field that clears itself on Escape): not for the dialog.
      if (event.key !== 'Escape' || event.defaultPrevented || !onTop(self.current)) return;
      event.preventDefault();
      onEscapeRef.current();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // Kept passive: a dialog above that just closed gives the focus back to its opener (its passive
  // cleanup) before this looks, so the focus does not land on this dialog's frame instead.
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && onTop(self.current) && !dialog.contains(document.activeElement)) dialog.focus();
  });

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Tab' && dialogRef.current) {
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
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className={className ? `dialog ${className}` : 'dialog'}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </div>
  );
}

/**
 * A keyboard list: ArrowUp/ArrowDown/Home/End move, Enter picks, a click picks too. Used alone
 * (focus on the list) or driven by a text field (combobox: the field keeps focus and forwards its
 * keys through onKeyDown), so every step of the start flow works without a mouse. Alone, it also
 * has the listbox's type-ahead: "ofe" typed goes to "oferta_natal" among ten templates.
 */
import { useEffect, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface PickListProps<T> {
  id: string;
  label: string;
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  active: number;
  setActive: (index: number) => void;
  onPick: (item: T) => void;
  /** Focus the list itself when shown (false when a search field drives it). */
  autoFocus?: boolean;
}

/** Handles the navigation keys for a PickList; returns true when the key was used. */
export function pickListKey<T>(event: KeyboardEvent, props: Pick<PickListProps<T>, 'items' | 'active' | 'setActive' | 'onPick'>): boolean {
  const { items, active, setActive, onPick } = props;
  const last = items.length - 1;
  let next: number | null = null;
  if (event.key === 'ArrowDown') next = Math.min(last, active + 1);
  else if (event.key === 'ArrowUp') next = Math.max(0, active - 1);
  else if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = last;
  else if (event.key === 'Enter') {
    const item = items[active];
    if (item === undefined) return false;
    event.preventDefault();
    onPick(item);
    return true;
  }
  if (next === null || last < 0) return false;
  event.preventDefault();
  setActive(next);
  return true;
}

/** How long typed letters keep adding to one search: "of" typed is one search, "o", a pause, "f" two. */
export const TYPE_AHEAD_MS = 700;

/** Lowercase and without accents, so "promocao" finds "Promoção". */
export function foldForTypeAhead(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/**
 * The option `typed` moves to among `labels`: the first, after `active` and round, that starts with
 * it; the same letter typed again ("oo") goes on to the next option starting with that letter.
 * null when none starts with it (the active option stays).
 */
export function typeAheadIndex(labels: readonly string[], active: number, typed: string): number | null {
  const letters = [...foldForTypeAhead(typed)];
  const first = letters[0];
  if (first === undefined) return null;
  const cycling = letters.every((letter) => letter === first);
  const prefix = cycling ? first : letters.join('');
  // A longer prefix may still be the option its first letters reached ("o" went to "oferta", "of" stays).
  const from = cycling ? active + 1 : active;
  for (let step = 0; step < labels.length; step++) {
    const index = (from + step) % labels.length;
    if (foldForTypeAhead(labels[index] ?? '').startsWith(prefix)) return index;
  }
  return null;
}

/** A key that types a character (not Space, which keeps its own meaning, nor a Ctrl/Alt/Meta shortcut). */
function typedCharacter(event: KeyboardEvent): string | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  return [...event.key].length === 1 && event.key.trim() !== '' ? event.key : null;
}

export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

export function PickList<T>(props: PickListProps<T>) {
  const { id, label, items, keyOf, render, active, setActive, onPick, autoFocus } = props;
  const listRef = useRef<HTMLUListElement>(null);
  /** The letters typed so far in this type-ahead search, and when the last one was. */
  const typedSoFar = useRef({ text: '', at: 0 });

  // Before the list is painted: focused after paint (a passive effect), an Enter typed as the step
  // appears went to the page, the previous step's list gone, and the pick was lost (seen in CI).
  useLayoutEffect(() => {
    if (autoFocus) listRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);

  /** Type-ahead, only for keys the list itself has (never a search field's, which filters the list instead). */
  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    const typed = event.target === event.currentTarget ? typedCharacter(event) : null;
    if (typed === null) {
      pickListKey(event, props);
      return;
    }
    event.preventDefault();
    const now = Date.now();
    const text = (now - typedSoFar.current.at <= TYPE_AHEAD_MS ? typedSoFar.current.text : '') + typed;
    typedSoFar.current = { text, at: now };
    // The label the agent reads: the option's name line when it has one (not the details under it).
    const labels = [...event.currentTarget.querySelectorAll(':scope > [role="option"]')].map(
      (option) => (option.querySelector('.name') ?? option).textContent ?? '',
    );
    const next = typeAheadIndex(labels, active, text);
    if (next !== null && next !== active) setActive(next);
  }

  return (
    <ul
      id={id}
      ref={listRef}
      className="pick-list"
      role="listbox"
      aria-label={label}
      tabIndex={autoFocus ? 0 : -1}
      aria-activedescendant={items.length > 0 ? optionId(id, active) : undefined}
      onKeyDown={onKeyDown}
    >
      {items.map((item, index) => (
        <li
          key={keyOf(item)}
          id={optionId(id, index)}
          role="option"
          aria-selected={index === active}
          className={index === active ? 'active' : undefined}
          onMouseMove={() => index !== active && setActive(index)}
          onClick={() => onPick(item)}
        >
          {render(item)}
        </li>
      ))}
    </ul>
  );
}

/**
 * A keyboard list: ArrowUp/ArrowDown/Home/End move, Enter picks, a click picks too. Used alone
 * (focus on the list) or driven by a text field (combobox: the field keeps focus and forwards its
 * keys through onKeyDown), so every step of the start flow works without a mouse.
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

export function optionId(listId: string, index: number): string {
  return `${listId}-option-${index}`;
}

export function PickList<T>(props: PickListProps<T>) {
  const { id, label, items, keyOf, render, active, setActive, onPick, autoFocus } = props;
  const listRef = useRef<HTMLUListElement>(null);

  // Before the list is painted: focused after paint (a passive effect), an Enter typed as the step
  // appears went to the page, the previous step's list gone, and the pick was lost (seen in CI).
  useLayoutEffect(() => {
    if (autoFocus) listRef.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    listRef.current?.querySelector(`#${CSS.escape(optionId(id, active))}`)?.scrollIntoView({ block: 'nearest' });
  }, [id, active]);

  return (
    <ul
      id={id}
      ref={listRef}
      className="pick-list"
      role="listbox"
      aria-label={label}
      tabIndex={autoFocus ? 0 : -1}
      aria-activedescendant={items.length > 0 ? optionId(id, active) : undefined}
      onKeyDown={(event) => pickListKey(event, props)}
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

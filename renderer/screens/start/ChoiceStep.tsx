/** Steps 2-4: channel, team and template are each one keyboard pick from a short list the core gives. */
import { useEffect, useState, type ReactNode } from 'react';
import { PickList } from '../../components/PickList';

export interface ChoiceStepProps<T> {
  id: string;
  title: string;
  empty: string;
  items: readonly T[] | null;
  loading: string;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  initial?: number;
  onPick: (item: T) => void;
}

export function ChoiceStep<T>({ id, title, empty, items, loading, keyOf, render, initial, onPick }: ChoiceStepProps<T>) {
  const [active, setActive] = useState(initial ?? 0);
  // The list arrives after the first render: start on the suggested item (e.g. the default team) then.
  useEffect(() => setActive(initial ?? 0), [items, initial]);
  return (
    <section aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {items === null ? (
        <p className="muted" aria-busy="true">
          {loading}
        </p>
      ) : items.length === 0 ? (
        <p role="alert" className="error">
          {empty}
        </p>
      ) : (
        <PickList id={id} label={title} items={items} keyOf={keyOf} render={render} active={active} setActive={setActive} onPick={onPick} autoFocus />
      )}
    </section>
  );
}

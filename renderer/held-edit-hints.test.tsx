// @vitest-environment happy-dom
/**
 * Texts HelenaCRM holds for the contact's reply go out in order, so only the newest is offered for
 * editing: an older one says, where "Editar" would be, to cancel the newer ones first (or the agent
 * takes the missing button for a fault). And while a line is edited in the box, that line is marked
 * — outlined, and named to a screen reader — the only row drawn again as the edit starts and stops.
 */
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import type { MessageView } from '../src/console/results';
import { MessageList } from './screens/MessageList';
import { HELD_FOR_REPLY, buttonNamed, conversationOnScreen, messageLine, openedConversation } from './testing/conversation';
import { fillBox, keydown } from './testing/input';
import { mountPerTest } from './testing/mount-per-test';

const drawn = vi.hoisted(() => ({ rows: 0 }));
vi.mock('./screens/relative-time', async (original) => {
  const real = await original<typeof import('./screens/relative-time')>();
  return {
    ...real,
    // Each drawn message row formats its time once: counts the rows drawn.
    messageTime: (...args: Parameters<typeof real.messageTime>) => {
      drawn.rows++;
      return real.messageTime(...args);
    },
  };
});

const SESSION = '7cfa9dd0-fa2d-492d-9d3b-5d2b8e0a1c16';
const BLOCKED = 'Para editar, cancele antes as mensagens mais recentes (elas saem em ordem)';

/** Two texts held for the reply: the older one's edit would reorder them (views.ts editBlockedBy). */
function heldPair(): MessageView[] {
  return [
    messageLine({ ...HELD_FOR_REPLY, localId: 'older', id: 'm-older', text: 'Segue o boleto de março.', textEditable: false, editBlockedBy: 'later_held' }),
    messageLine({ ...HELD_FOR_REPLY, localId: 'newer', id: 'm-newer', text: 'Qualquer dúvida estou à disposição.' }),
  ];
}

const view = mountPerTest();

function rows(): HTMLLIElement[] {
  return [...view.host.querySelectorAll<HTMLLIElement>('ol.messages > li')];
}

describe('an older held text, behind a newer one', () => {
  it('says where "Editar" would be to cancel the newer ones first; the newest keeps "Editar" and no note', async () => {
    await act(async () => view.root.render(<MessageList messages={heldPair()} onEdit={() => undefined} onCancel={() => undefined} />));
    const [older, newer] = rows();
    expect([...(older?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toEqual(['Cancelar envio']);
    expect(older?.querySelector('[data-testid="edit-blocked"]')?.textContent).toBe(BLOCKED);
    // A screen reader hears why with the button Tab reaches on that line.
    const describedBy = older?.querySelector('button')?.getAttribute('aria-describedby');
    expect(describedBy && document.getElementById(describedBy)?.textContent).toBe(BLOCKED);
    expect(newer?.querySelector('button')?.getAttribute('aria-describedby')).toBeNull();
    expect([...(newer?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toEqual(['Cancelar envio', 'Editar']);
    expect(newer?.querySelector('[data-testid="edit-blocked"]')).toBeNull();
  });

  it('says nothing where the list offers no editing (a read-only conversation)', async () => {
    await act(async () => view.root.render(<MessageList messages={heldPair()} />));
    expect(view.host.querySelector('[data-testid="edit-blocked"]')).toBeNull();
  });
});

describe('the line being edited', () => {
  it('is marked while the box edits it, to the eye and to a screen reader, and drawn again alone as the edit starts and stops', async () => {
    const invoke = vi.fn((command: string) =>
      Promise.resolve(
        command === 'conversation.open'
          ? { ok: true, value: openedConversation(SESSION, heldPair(), { contactName: 'Sebastião Magalhães', phone: '+557199123456' }) }
          : { ok: true, value: {} },
      ),
    );
    const { box } = await conversationOnScreen(view, SESSION, invoke, 20);
    expect(view.host.querySelector('li.editing')).toBeNull();

    drawn.rows = 0;
    await act(async () => buttonNamed(view, 'Editar')?.click());
    const [older, newer] = rows();
    expect(newer?.classList.contains('editing')).toBe(true);
    expect(newer?.querySelector('.sr-only')?.textContent).toBe('Em edição:');
    // Its own "Editar" goes while it is in the box; "Cancelar envio" stays.
    expect([...(newer?.querySelectorAll('button') ?? [])].map((b) => b.textContent)).toEqual(['Cancelar envio']);
    expect(older?.classList.contains('editing')).toBe(false);
    expect(view.host.querySelectorAll('li.editing')).toHaveLength(1);
    expect(drawn.rows).toBe(1);

    // Typing the edit draws no row again.
    drawn.rows = 0;
    await act(async () => fillBox(box, 'Qualquer dúvida, estou à disposição.'));
    expect(drawn.rows).toBe(0);

    // Esc leaves the edit: the mark goes, from that row alone.
    await act(async () => keydown(box, 'Escape'));
    expect(view.host.querySelector('li.editing')).toBeNull();
    expect(view.host.textContent).not.toContain('Em edição:');
    expect(buttonNamed(view, 'Editar')).toBeDefined();
    expect(drawn.rows).toBe(1);
  });
});

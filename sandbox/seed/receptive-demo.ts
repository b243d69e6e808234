/**
 * For `npm start` / `npm run web` on the demo data: a few contacts who wrote first ("Receptiva"),
 * so a trainee's desk is not empty and shows the team queue and an open window at once. Only on a
 * sandbox with no conversations yet, so restarts do not pile them up; tests never call it (they
 * count events and sessions from an empty log).
 */
import { receiveInboundMessage } from '../conversations/inbound';
import type { SandboxContext } from '../context';
import { silentVoiceNote } from '../files/voice-note';
import { HISTORY_SESSION_IDS } from './history-demo';

const FIRST_MESSAGES: ReadonlyArray<{ name: string; text: string }> = [
  { name: 'Luíza Helena Brandão', text: 'Oi! Vi o anúncio de vocês. Qual o valor do plano anual?' },
  { name: 'Cláudia Assunção', text: 'Bom dia, meu pedido ainda não chegou. Podem verificar?' },
  { name: 'Fábio Guimarães', text: 'Vocês atendem empresas em Campinas?' },
];

/**
 * Returns how many conversations it opened (0 when the sandbox already had some). João da Silva's
 * past conversations (history-demo.ts) do not count: they are seeded history, not activity.
 */
export function seedReceptiveDemo(ctx: SandboxContext): number {
  const sessions =
    ctx.db
      .prepare<[string], { n: number }>('SELECT count(*) AS n FROM sessions WHERE id NOT IN (SELECT value FROM json_each(?))')
      .get(JSON.stringify(HISTORY_SESSION_IDS))?.n ?? 0;
  if (sessions > 0) return 0;
  let opened = 0;
  for (const { name, text } of FIRST_MESSAGES) {
    const contact = ctx.db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE name = ?').get(name);
    if (!contact) continue;
    receiveInboundMessage(ctx, { contactId: contact.id, text });
    opened++;
  }
  return opened;
}

/**
 * A voice note after Fábio's question, as Brazilian contacts send them, so the demo shows the
 * player ("▶ Ouvir"). Call it right after seedReceptiveDemo, with what that returned: only a fresh
 * sandbox gets it. `origin` is where the core reaches the sandbox (the note's public link).
 * The note is 4 s of generated silence (voice-note.ts): no recorded audio ships with the sandbox.
 */
export function seedVoiceNoteDemo(ctx: SandboxContext, origin: string, opened: number): void {
  if (opened === 0) return;
  const contact = ctx.db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE name = ?').get('Fábio Guimarães');
  if (!contact) return;
  receiveInboundMessage(ctx, {
    contactId: contact.id,
    text: '',
    file: { name: 'PTT-20261130-WA0007.opus', mimeType: 'audio/ogg; codecs=opus', bytes: silentVoiceNote(4), origin },
  });
}

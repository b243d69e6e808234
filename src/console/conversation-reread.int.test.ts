/**
 * An open conversation, read again by the screen on every change it hears of (ConversationScreen
 * reloads 100 ms after a conversation-changed), settles: opening reads HelenaCRM at most once per
 * OPEN_REFRESH_GAP_MS, and that read's own announcement does not start another. Before, each read
 * from HelenaCRM announced a change, the screen read again, and the loop ran ~9 times a second for
 * as long as the conversation stayed open (~27 requests a second of the account's 40).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL } from '../../sandbox/seed';
import { DEMO_LOGINS } from '../../sandbox/testing';
import { followScreen, nextEvent, startConsoleRig, takenConversation, type ConsoleRig } from './testing/console-rig';

let rig: ConsoleRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an open conversation on the screen', () => {
  it('settles after opening: re-reading it on each change it hears of does not go round reading HelenaCRM, and a reply still shows', async () => {
    let nowMs = Date.now();
    rig = await startConsoleRig({ now: () => new Date(nowMs) });
    const r = rig;
    await r.login(DEMO_LOGINS.agent);
    const sessionId = await takenConversation(r);
    const contactId = (await r.core.invoke('conversation.open', { sessionId })).conversation?.contactId ?? '';
    nowMs += 60_000; // the opening above is long past

    const screen = await followScreen(r.core, sessionId);
    try {
      await sleep(2_500);
      // The opening, and the one read its announcement asks for. Before: ~20 in these 2.5 s, and counting.
      expect(screen.reads).toBeLessThanOrEqual(3);
      const settled = screen.reads;
      await sleep(1_000);
      expect(screen.reads).toBe(settled);

      // Realtime still brings what the contact writes, and the screen's read shows it.
      const replied = nextEvent(r.core, 'contact-replied', (e) => e.sessionId === sessionId);
      await r.inbound(contactId, 'Ainda estou aguardando o boleto.', CHANNEL.official.id);
      await replied;
      await sleep(400);
      expect(screen.latest.messages.some((m) => m.text === 'Ainda estou aguardando o boleto.')).toBe(true);
    } finally {
      screen.close();
    }
  });
});

/**
 * An agent typing fast (15 keys a second, 200 characters) in a conversation of 500 messages while
 * the contact keeps writing: every character lands in the box, in order, none lost or doubled, and
 * what goes out is exactly what was typed. The "+" search keeps every key of a name typed as fast.
 * How long each key takes is measured by `npm run bench -- typing`, not asserted here.
 */
import { expect, test } from '@playwright/test';
import { receiveInboundMessage } from '../sandbox/conversations/inbound';
import { ANA, deskForFile, signIn, takeConversation } from './desk';

const desk = deskForFile({ receptiveDemo: true, eachTestLoggedOut: true });
const CLAUDIA = 'Cláudia Assunção';

/** 200 characters an agent writes, accents and punctuation included. */
const TYPED = 'Olá Cláudia! Verifiquei o pedido 48213: saiu ontem pela transportadora, chega até sexta-feira. O código de rastreio é BR123456789. Qualquer dúvida, é só chamar aqui, tá? Obrigada pela paciência!! :)'.slice(0, 200);

test('200 characters at 15 keys/s while the contact writes every 200 ms: all of them, in order, in the box and in what is sent', async ({ page }) => {
  const { sandbox } = desk();
  const claudia = sandbox.ctx.db.prepare<[string], { id: string }>('SELECT id FROM contacts WHERE name = ?').get(CLAUDIA)?.id;
  expect(claudia).toBeDefined();
  await signIn(page, desk(), ANA);
  // The history arrives as it would: each message on its own event, while the desk is open.
  for (let i = 1; i <= 500; i++) receiveInboundMessage(sandbox.ctx, { contactId: claudia ?? '', text: `Mensagem ${i} da Cláudia sobre o pedido` });
  await expect.poll(async () => {
    const view = await desk().core.handle('desk.view', { filter: 'all', query: 'clau', limit: 1 });
    const id = view.ok ? (view.value as { items: Array<{ id: string }> }).items[0]?.id : undefined;
    const opened = id ? await desk().core.handle('conversation.open', { sessionId: id }) : null;
    return opened?.ok ? (opened.value as { messages: unknown[] }).messages.length : 0;
  }, { timeout: 30_000 }).toBeGreaterThanOrEqual(500);

  await takeConversation(page, 'clau', CLAUDIA);
  await expect(page.locator('ol.messages > li')).toHaveCount(500);
  const box = page.getByLabel('Mensagem', { exact: true });

  let writing = true;
  const replies = (async () => {
    for (let i = 1; writing; i++) {
      receiveInboundMessage(sandbox.ctx, { contactId: claudia ?? '', text: `Oi? (${i})` });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  await page.keyboard.type(TYPED, { delay: 1000 / 15 });
  writing = false;
  await replies;

  await expect(box).toHaveValue(TYPED);
  // The replies are on screen (the list kept up), the newest at the end.
  await expect(page.locator('ol.messages > li').last()).toContainText(/Oi\? \(\d+\)/);
  await page.screenshot({ path: 'test-results/fast-typing-conversation.png' });

  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('');
  await expect(page.locator('ol.messages > li.out').last()).toContainText(TYPED);
  // HelenaCRM got it as typed (its own table: the conversation is longer than a page of its API).
  const sent = sandbox.ctx.db.prepare<[], { text: string | null }>("SELECT text FROM messages WHERE direction = 'FROM_HUB'");
  await expect.poll(() => sent.all().map((m) => m.text)).toContain(TYPED);
});

test('"+" search: a name typed at 15 keys/s keeps every key and finds the contact', async ({ page }) => {
  await signIn(page, desk(), ANA);
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  const search = dialog.getByRole('combobox');
  await expect(search).toBeFocused();
  await page.keyboard.type('Sebastião Magalhães', { delay: 1000 / 15 });
  await expect(search).toHaveValue('Sebastião Magalhães');
  await expect(dialog.getByRole('option').first()).toContainText('Sebastião Magalhães');
  await page.screenshot({ path: 'test-results/fast-typing-search.png' });
});

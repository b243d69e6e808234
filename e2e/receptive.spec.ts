/**
 * "Receptiva": the contact wrote first. On the demo desk the agent finds the team's waiting
 * conversations, opens one with the keyboard, takes it (Alt+A) and answers at once: the contact's
 * message opened WhatsApp's window, so free text goes out without a template. Then hands it to a
 * colleague (Alt+T) and the desk says so.
 */
import { expect, test } from '@playwright/test';
import { arrowTo, deskForFile, signIn } from './desk';

const desk = deskForFile({ receptiveDemo: true });

test('the agent takes a conversation the contact started, answers it and transfers it, keyboard only', async ({ page }) => {
  await signIn(page, desk());
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(list).toContainText('Oi! Vi o anúncio de vocês. Qual o valor do plano anual?');
  await expect(list).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Fila da equipe (3)' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Meus (0)' })).toBeVisible();

  // F1 lists every shortcut; Esc closes it and the keyboard is back on the list.
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await expect(help).toContainText('transfere para outra equipe ou agente');
  await page.screenshot({ path: 'test-results/shortcuts.png' });
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await expect(list).toBeFocused();

  // Starting a conversation, the contacts list says when the team last talked to each one (the
  // first sync wrote these conversations and their contacts concurrently; their activity holds).
  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('claudia assuncao');
  await expect(start.getByRole('option').first()).toContainText(/última conversa (há \d+ minutos?|agora)/);
  await page.screenshot({ path: 'test-results/start-contact-activity.png' });
  await page.keyboard.press('Escape');
  await expect(start).toBeHidden();
  await expect(list).toBeFocused();

  // Typing on the list finds a conversation by name (accents optional); Esc brings the whole list back.
  await page.keyboard.type('clau');
  await expect(page.getByLabel('Buscar nos atendimentos')).toHaveValue('clau');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list).toContainText('Cláudia Assunção');
  await page.keyboard.press('Escape');
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(list).toBeFocused();

  await page.keyboard.press('End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  const last = await list.getByRole('option').last().textContent();
  const name = ['Luíza Helena Brandão', 'Cláudia Assunção', 'Fábio Guimarães'].find((n) => last?.includes(n)) ?? '';
  expect(name).not.toBe('');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await expect(page.getByTestId('contact-details')).toContainText(/\(\d\d\) \d{4,5}-\d{4}/);
  // The contact wrote a moment ago: the window stays open for almost 24 hours more (writing waits for Alt+A).
  await expect(page.getByTestId('window-state')).toContainText(/Janela aberta · fecha em 2[0-3] h \d+ min — para escrever aqui, assuma o atendimento \(Alt\+A\)/);

  // Waiting in the team's queue: the agent takes it before writing.
  await expect(page.getByRole('button', { name: /Assumir atendimento/ })).toBeVisible();
  await page.keyboard.press('Alt+a');
  await expect(page.getByRole('button', { name: /Assumir atendimento/ })).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole('button', { name: /Concluir atendimento/ })).toBeVisible();
  await expect(page.getByTestId('window-state')).toContainText(/Janela de conversa aberta por mais 2[0-3] h \d+ min/);

  await page.getByLabel('Mensagem', { exact: true }).focus();
  await page.keyboard.type('Olá! Já vou te ajudar.');
  await page.keyboard.press('Enter');
  const answer = page.getByRole('listitem').filter({ hasText: 'Olá! Já vou te ajudar.' });
  await expect(answer.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });

  // A quick reply: "/" and a few letters list them, Enter puts the text (the contact's name filled in) in the box.
  // Esc closes the list and keeps the agent in the conversation.
  await page.keyboard.type('/');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.keyboard.press('Backspace');
  await page.keyboard.type('/obr');
  const replies = page.getByRole('listbox', { name: 'Respostas rápidas' });
  await expect(replies.getByRole('option', { selected: true })).toContainText('/obrigado · Agradecimento');
  await page.screenshot({ path: 'test-results/quick-replies.png' });
  await page.keyboard.press('Enter');
  await expect(replies).toBeHidden();
  const first = name.split(' ')[0] ?? '';
  await expect(page.getByLabel('Mensagem', { exact: true })).toHaveValue(`Obrigado pelo contato, ${first}! Qualquer dúvida é só chamar por aqui.`);
  await page.keyboard.press('Enter');
  const thanks = page.getByRole('listitem').filter({ hasText: `Obrigado pelo contato, ${first}!` });
  await expect(thanks.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  // A {{parameter}} left unfilled never reaches the contact: the box keeps it, selected, and says what to do.
  await page.keyboard.type('Chave: {{chave_pix}}');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Preencha {{chave_pix}} antes de enviar.');
  await page.keyboard.type('abc@pix.com');
  await expect(page.getByLabel('Mensagem', { exact: true })).toHaveValue('Chave: abc@pix.com');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');
  // Ctrl+F finds in the conversation, accents and case aside: highlighted, counted, Esc back to the box.
  await page.keyboard.press('Control+f');
  const find = page.getByRole('searchbox', { name: 'Buscar na conversa' });
  await expect(find).toBeFocused();
  await page.keyboard.type('DUVIDA');
  await expect(page.getByTestId('find-count')).toHaveText(/^1 de [1-9]\d*$/);
  await expect(page.getByTestId('find-current')).toHaveText('dúvida');
  await page.keyboard.press('Shift+Enter');
  await expect(page.getByTestId('find-current')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(find).toBeHidden();
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.screenshot({ path: 'test-results/receptive-answered.png' });

  // Back on the desk it is the agent's own now: the filters say so, and ←→ move between them.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('tab', { name: 'Meus (1)' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Fila da equipe (2)' })).toBeVisible();
  await page.getByRole('tab', { name: /^Todos/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Meus (1)' })).toHaveAttribute('aria-selected', 'true');
  await expect(list.getByRole('option')).toHaveCount(1);
  await expect(list).toContainText(name);
  await page.screenshot({ path: 'test-results/desk-filters.png' });

  // Handing it over: Alt+T, pick the colleague, Enter asks once more with the note for her focused; Enter transfers with it.
  // Tab from the filters reaches the find box; ↓ goes on to the list.
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await expect(list).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  await page.keyboard.press('Alt+t');
  const transfer = page.getByRole('dialog', { name: 'Transferir atendimento' });
  await expect(transfer.getByRole('option').first()).toBeVisible();
  await expect(transfer).toContainText('Vai para a fila da equipe');
  await arrowTo(page, transfer, 'Conceição Gonçalves');
  await page.keyboard.press('Enter');
  await expect(transfer).toContainText(`Transferir o atendimento de ${name} para Conceição Gonçalves?`);
  const handoff = transfer.getByRole('textbox', { name: 'Nota para quem recebe (opcional)' });
  await expect(handoff).toBeFocused();
  await page.keyboard.type('Cliente quer 2ª via do boleto, já confirmei o CPF.');
  await page.keyboard.press('Shift+Enter');
  await page.keyboard.type('Retornar até as 17h.');
  const handoffText = 'Cliente quer 2ª via do boleto, já confirmei o CPF.\nRetornar até as 17h.';
  await expect(handoff).toHaveValue(handoffText);
  await expect(transfer).toBeVisible();
  await page.screenshot({ path: 'test-results/transfer-confirm.png' });
  await page.keyboard.press('Enter');
  await expect(transfer).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'transferido' })).toHaveText(`Atendimento de ${name} transferido para Conceição Gonçalves.`);
  await expect(page.getByRole('tab', { name: 'Meus (0)' })).toBeVisible();
  const moved = (await desk().core.invoke('conversation.list', {})).filter((c) => c.contactName === name);
  expect(moved.map((c) => c.canWrite)).toEqual([false]);
  await page.screenshot({ path: 'test-results/transfer-done.png' });

  // The note is in the conversation, by Ana, before the transfer: Conceição finds it when it arrives.
  await page.getByRole('tab', { name: 'Meus (0)' }).focus();
  await page.keyboard.press('ArrowLeft');
  await list.focus();
  await arrowTo(page, list, name);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name })).toBeVisible();
  const handed = page.locator('.messages li.note').filter({ hasText: 'Retornar até as 17h.' });
  await expect(handed.getByTestId('note-heading')).toContainText('Nota interna · Ana Lúcia Souza');
  await expect(handed).toContainText('Cliente quer 2ª via do boleto, já confirmei o CPF.');
  const opened = await desk().core.invoke('conversation.open', { sessionId: moved[0]?.id ?? '' });
  expect(opened.messages.filter((m) => m.kind === 'note').map((m) => [m.text, m.outboxState])).toEqual([[handoffText, 'sent']]);
});

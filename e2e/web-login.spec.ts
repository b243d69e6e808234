/**
 * The app in a browser tab, end to end: Chromium ↔ web host ↔ the real core ↔ a real sandbox.
 * An agent signs in with a one-time code using only the keyboard, lands on their conversations
 * with the connection shown as online, and can switch the interface to English.
 */
import { expect, test } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, arrowTo, deskForFile, latestCode, officialChannelAndTeam, officialWelcome, pickTemplate, signIn, startWith } from './desk';

const desk = deskForFile({ eachTestLoggedOut: true });

test('an agent signs in with a one-time code, keyboard only, and sees their desk', async ({ page }) => {
  await page.goto(desk().host.url);
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();
  // The key leaves the address bar once read.
  expect(new URL(page.url()).hash).toBe('');

  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await page.keyboard.type(ANA);
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Enviamos um código de 6 dígitos para o e-mail ${ANA}.`)).toBeVisible();
  await expect(page.getByLabel('Código de acesso')).toBeFocused();

  // A wrong code is refused in the agent's language, and the field stays ready for another try.
  const code = await latestCode(desk(), ANA);
  const wrong = code === '000000' ? '111111' : '000000';
  await page.keyboard.type(wrong);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Código incorreto');

  await page.getByLabel('Código de acesso').fill('');
  await page.keyboard.type(await latestCode(desk(), ANA));
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();
  await expect(page.getByText('Ana Lúcia Souza')).toBeVisible();
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });
  await expect(page.getByText('Pressione + para iniciar um atendimento')).toBeVisible();
  await page.screenshot({ path: 'test-results/desk-pt-BR.png', fullPage: true });

  // A reload keeps the session (the key moved to sessionStorage; the login lives in the core).
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Atendimentos' })).toBeVisible();

  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  await expect(page.getByText('Press + to start a conversation')).toBeVisible();
  await page.getByLabel('Language').selectOption('pt-BR');

  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('heading', { name: 'Entrar no Helena Desk' })).toBeVisible();

  // An agent who prefers English can choose it before signing in; the core's refusal is in English too.
  await page.getByLabel('Idioma').selectOption('en');
  await expect(page.getByRole('heading', { name: 'Sign in to Helena Desk' })).toBeVisible();
  await page.getByLabel('E-mail or phone').fill(ANA);
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Access code')).toBeFocused();
  const current = await latestCode(desk(), ANA);
  await page.keyboard.type(current === '000000' ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText('Wrong, already used or expired code. Check the 6 digits or ask for a new code.');
  await page.screenshot({ path: 'test-results/login-en.png' });

  // Signed in, in English: the cost and a parameter WhatsApp would refuse read in English too.
  await page.getByLabel('Access code').fill(await latestCode(desk(), ANA));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Conversations' })).toBeVisible();
  await desk().core.whenSynced();
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Start a conversation' });
  await page.keyboard.type('joao da silva');
  await expect(dialog.getByRole('option').first()).toContainText('João da Silva');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Select the channel' })).toBeVisible();
  await arrowTo(page, dialog, 'WhatsApp Oficial');
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Select the team' })).toBeVisible();
  await expect(dialog.getByRole('option', { selected: true })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog.getByRole('heading', { name: 'Select the message template' })).toBeVisible();
  await arrowTo(page, dialog, 'boas_vindas');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Utility template to Brazil: charged per delivered message ($0.008).');
  await page.keyboard.type('João');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana      Lúcia');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('The parameter "atendente" cannot have more than four spaces in a row.');
  await page.screenshot({ path: 'test-results/start-en.png' });
  // Esc goes back one step at a time: template, team, channel, contact, then closes.
  for (let step = 0; step < 5; step++) await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByLabel('Language').selectOption('pt-BR');
});

test('the + key starts a conversation with a template, keyboard only; a message queued meanwhile goes out when the contact replies', async ({ page }) => {
  await signIn(page, desk());
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await expect(dialog).toBeVisible();

  // Step 1: the contact, found without accents, as agents type.
  await expect(dialog.getByRole('combobox')).toBeFocused();
  await page.keyboard.type('joao silva');
  await expect(dialog.getByRole('option').first()).toContainText('João da Silva');
  await page.keyboard.press('Enter');

  // Step 2: the channel: the demo company's two WhatsApp channels (its Instagram one cannot start an atendimento).
  await expect(dialog.getByRole('heading', { name: 'Selecione o canal' })).toBeVisible();
  await expect(dialog.getByRole('option')).toHaveCount(2);
  await expect(dialog.getByRole('listbox')).not.toContainText('@helena.demo');
  await arrowTo(page, dialog, 'WhatsApp Oficial');
  await page.keyboard.press('Enter');

  // Step 3: the team; only Ana's teams, the default one chosen first.
  await expect(dialog.getByRole('heading', { name: 'Selecione a equipe' })).toBeVisible();
  await expect(dialog.getByRole('option')).toHaveCount(2);
  expect((await dialog.getByRole('option').allTextContents()).sort()).toEqual(['Suporte', 'Vendas']);
  await expect(dialog.getByRole('option', { name: 'Vendas' })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');

  // Step 4: the template.
  await pickTemplate(page, dialog, 'boas_vindas');

  // Step 5: parameters, with the message as the contact will read it and its cost.
  await expect(dialog.getByTestId('cost')).toContainText(/US\$|cobrad/i);
  await page.keyboard.type('João');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await expect(dialog.getByTestId('template-preview')).toHaveText(
    'Olá João, tudo bem? Aqui é Ana, da Helena Demo. Podemos falar sobre o seu atendimento?',
  );
  await page.screenshot({ path: 'test-results/start-parameters.png' });
  await page.keyboard.press('Enter');

  // The conversation opens; free text waits for the reply.
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'João da Silva' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('window-state')).toContainText('Aguardando o contato responder');
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type('Posso te enviar a proposta?');
  await page.keyboard.press('Enter');
  const queued = page.getByRole('listitem').filter({ hasText: 'Posso te enviar a proposta?' });
  await expect(queued.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await page.screenshot({ path: 'test-results/conversation-waiting.png' });

  // The demo contact answers a few seconds later: the reply shows and the queued message goes out.
  await expect(page.getByRole('listitem').filter({ hasText: 'Oi! Tudo bem, pode falar.' })).toBeVisible({ timeout: 20_000 });
  await expect(queued.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await expect(page.getByTestId('window-state')).toContainText('Janela de conversa aberta');
  await page.screenshot({ path: 'test-results/conversation-open.png' });

  // Escape goes back to the list, where the conversation now is.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Atendimentos' })).toContainText('João da Silva');
});

test('while the contact is silent the agent withdraws a queued message and re-engages with another template, keyboard only', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'vinicius', 'Vinícius Romão');
  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  await page.keyboard.type('Fico no aguardo.');
  await page.keyboard.press('Enter');
  const held = page.getByRole('listitem').filter({ hasText: 'Fico no aguardo.' });
  await expect(held.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  // Online, the server already holds it for the reply: it can be withdrawn there (or edited: edit-held.spec.ts).
  await expect(held.getByRole('button', { name: 'Cancelar envio' })).toBeVisible();
  await expect(held.getByRole('button', { name: 'Editar' })).toBeVisible();

  // Cancel: a second queued text is withdrawn before it ever goes out.
  await page.keyboard.type('Esta não vai');
  await page.keyboard.press('Enter');
  const withdrawn = page.getByRole('listitem').filter({ hasText: 'Esta não vai' });
  await withdrawn.getByRole('button', { name: 'Cancelar envio' }).focus();
  await page.keyboard.press('Enter');
  await expect(withdrawn.getByTestId('message-state')).toHaveText('Cancelada');

  // Re-engage: Alt+M sends another template although the window is closed.
  await page.keyboard.press('Alt+m');
  const dialog = page.getByRole('dialog', { name: 'Enviar modelo de mensagem' });
  await expect(dialog).toBeVisible();
  await pickTemplate(page, dialog, 'boas_vindas');
  await page.keyboard.type('Vinícius');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana de novo');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  const reengage = page.getByRole('listitem').filter({ hasText: 'Aqui é Ana de novo' });
  await expect(reengage.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  // The first text still waits for the reply, in its place.
  await expect(held.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await page.screenshot({ path: 'test-results/conversation-reengage.png' });

  // What the agent typed and did not send is kept and shown on the desk as a draft.
  await page.keyboard.type('Volto já com a proposta');
  await page.keyboard.press('Escape');
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list.getByRole('option').filter({ hasText: 'Vinícius Romão' })).toContainText('Rascunho: Volto já com a proposta');
  await arrowTo(page, list, 'Vinícius Romão');
  await page.keyboard.press('Enter');
  await expect(box).toHaveValue('Volto já com a proposta');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');

  // Alt+C completes the conversation; the text still waiting for the reply would fail unsent, so it asks first ("Voltar" focused), and Alt+C again confirms.
  await page.keyboard.press('Alt+c');
  const confirm = page.getByRole('dialog', { name: 'Concluir atendimento?' });
  await expect(confirm.getByRole('button', { name: 'Voltar' })).toBeFocused();
  await page.keyboard.press('Alt+c');
  await expect(page.getByTestId('window-state')).toContainText('Atendimento concluído', { timeout: 15_000 });
  await expect(page.getByRole('button', { name: /Concluir atendimento/ })).toHaveCount(0);
  // The box says it is over instead of taking a text HelenaCRM would refuse only at Enter.
  await expect(box).toHaveAttribute('readonly', '');
  await expect(box).toHaveAttribute('placeholder', /^Atendimento concluído: só pode ser lido\./);
  await expect(page.getByText('Esc volta aos atendimentos (lá, + inicia um novo) · Alt+H atendimentos anteriores')).toBeVisible();
});

test('a number no contact has starts a conversation as a new contact, keyboard only', async ({ page }) => {
  await signIn(page, desk());
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('(21) 97777-1234');
  const offer = dialog.getByRole('option').filter({ hasText: 'Iniciar com (21) 97777-1234 (novo contato)' });
  await expect(offer).toBeVisible();
  await page.screenshot({ path: 'test-results/start-new-number.png' });
  await arrowTo(page, dialog, 'novo contato');
  await page.keyboard.press('Enter');
  await officialWelcome(page, dialog);
  await expect(dialog).toContainText('(21) 97777-1234');
  await expect(dialog).toContainText('US$');
  await page.keyboard.type('Cliente');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  // HelenaCRM created the contact: the conversation is titled with its number until someone names it.
  await expect(page.getByRole('heading', { name: '(21) 97777-1234' })).toBeVisible({ timeout: 15_000 });
  const start = page.getByRole('listitem').filter({ hasText: 'Olá Cliente, tudo bem?' });
  await expect(start.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
});

test('a template with an image asks for its link, keyboard only, and the contact receives the image', async ({ page }) => {
  await signIn(page, desk());
  await page.keyboard.press('+');
  const dialog = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('claudia assuncao');
  await expect(dialog.getByRole('option').first()).toContainText('Cláudia Assunção');
  await page.keyboard.press('Enter');
  await officialChannelAndTeam(page, dialog);
  // The list says which templates carry media.
  await expect(dialog.getByRole('option').filter({ hasText: 'catalogo_produtos' })).toContainText('imagem');
  await pickTemplate(page, dialog, 'catalogo_produtos');
  await page.keyboard.type('Cláudia');
  await page.keyboard.press('Tab');
  const link = dialog.getByLabel('Link da imagem');
  await expect(link).toBeFocused();

  // Without its image the template cannot go: the field says so, and nothing starts.
  await page.keyboard.press('Enter');
  await expect(link).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByText('Este modelo tem imagem: informe o link público da imagem')).toHaveCount(1);
  await expect(dialog).toBeVisible();

  await link.focus();
  await page.keyboard.type('https://cdn.helena.demo/catalogo-verao.jpg');
  // Once the link changes, the refusal about the missing one is gone.
  await expect(link).not.toHaveAttribute('aria-invalid');
  await expect(dialog).not.toContainText('Este modelo tem imagem');
  await page.screenshot({ path: 'test-results/start-media-template.png' });
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible({ timeout: 15_000 });
  const sent = page.getByRole('listitem').filter({ hasText: 'Oi Cláudia! Chegou o catálogo novo' });
  await expect(sent.getByTestId('message-media')).toContainText('imagem');
  await expect(sent.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });

  // HelenaCRM's record: one image message carrying the link.
  const { token } = await loginAs(desk().sandbox, ANA);
  const http = api(desk().sandbox, token);
  const sessions = await http.get<{ items: Array<{ id: string; contactId: string | null }> }>('/chat/v2/session?PageSize=100');
  const found: Array<{ type: string; text: string | null; fileId: string | null; details?: { file?: { publicUrl?: string | null } | null } | null }> = [];
  for (const session of sessions.body.items) {
    const listed = await http.get<{ items: typeof found }>(`/chat/v1/session/${session.id}/message?PageSize=100`);
    found.push(...listed.body.items.filter((m) => m.text?.startsWith('Oi Cláudia! Chegou o catálogo novo')));
  }
  expect(found).toHaveLength(1);
  expect(found[0]?.type).toBe('IMAGE');
  expect(found[0]?.details?.file?.publicUrl).toBe('https://cdn.helena.demo/catalogo-verao.jpg');
});

test('a page opened without the session key says where to find it', async ({ page }) => {
  await page.goto(desk().host.origin + '/');
  await expect(page.getByRole('alert')).toContainText('endereço mostrado no terminal');
});

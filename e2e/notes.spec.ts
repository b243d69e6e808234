/**
 * Internal notes, end to end: Alt+N turns the box into a note for the team; a note written offline
 * is kept and saved once when the network returns; HelenaCRM files notes apart from the messages,
 * so the contact never receives them. A note still being typed is a draft: leaving and coming back
 * brings it back in the note box.
 */
import { expect, test } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, arrowTo, deskForFile, signIn, startWith } from './desk';

const desk = deskForFile({ proxy: true });

test('Alt+N writes an internal note the contact never sees; offline it is kept and saved once on reconnect', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'patricia pecanha', 'Patrícia Peçanha');
  await expect(page.getByRole('heading', { name: 'Patrícia Peçanha' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();

  await page.keyboard.press('Alt+n');
  const noteBox = page.getByLabel('Nota interna — só a equipe vê');
  await expect(noteBox).toBeFocused();
  await page.keyboard.type('Cliente pediu a segunda via do boleto');
  await page.keyboard.press('Enter');
  const first = page.getByRole('listitem').filter({ hasText: 'Cliente pediu a segunda via do boleto' });
  await expect(first.getByTestId('note-heading')).toContainText('Nota interna · Ana Lúcia Souza');
  // Still a note box: the next line cannot reach the contact by a slip.
  await expect(noteBox).toBeFocused();

  desk().proxy.setMode('down');
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });
  await page.keyboard.type('Ligar de volta às 15h');
  await page.keyboard.press('Enter');
  const offline = page.getByRole('listitem').filter({ hasText: 'Ligar de volta às 15h' });
  await expect(offline.getByTestId('note-heading')).toContainText('Nota interna');
  await expect(offline.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');
  await page.screenshot({ path: 'test-results/notes-offline.png' });
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();

  desk().proxy.setMode('pass');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await expect(offline.getByTestId('message-state')).toHaveCount(0, { timeout: 15_000 });

  // HelenaCRM's record: each note once, under notes; none among the conversation's messages.
  const http = api(desk().sandbox, (await loginAs(desk().sandbox, ANA)).token);
  const sessions = await http.get<{ items: Array<{ id: string }> }>('/chat/v2/session?PageSize=100');
  const notes: string[] = [];
  const messages: string[] = [];
  for (const session of sessions.body.items) {
    const listed = await http.get<{ items: Array<{ text: string | null }> }>(`/chat/v1/session/${session.id}/note?PageSize=100`);
    notes.push(...listed.body.items.map((n) => n.text ?? ''));
    const sent = await http.get<{ items: Array<{ text: string | null }> }>(`/chat/v1/session/${session.id}/message?PageSize=100`);
    messages.push(...sent.body.items.map((m) => m.text ?? ''));
  }
  expect(notes.filter((n) => n === 'Cliente pediu a segunda via do boleto')).toHaveLength(1);
  expect(notes.filter((n) => n === 'Ligar de volta às 15h')).toHaveLength(1);
  expect(messages.filter((m) => m.includes('boleto') || m.includes('15h'))).toEqual([]);

  // A note half-written when the agent leaves is a draft: the desk shows it, and coming back reopens the note box with it.
  await expect(box).toBeFocused();
  await page.keyboard.press('Alt+n');
  await expect(noteBox).toBeFocused();
  await page.keyboard.type('Confirmar o endereço de entrega');
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
  await expect(page.getByRole('button', { name: 'Nota interna (rascunho) (Alt+N)' })).toBeVisible();
  await page.keyboard.press('Escape');
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list.getByRole('option').filter({ hasText: 'Patrícia Peçanha' })).toContainText('Rascunho de nota: Confirmar o endereço de entrega');
  await list.focus();
  await arrowTo(page, list, 'Patrícia Peçanha');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Patrícia Peçanha' })).toBeVisible();
  await expect(noteBox).toHaveValue('Confirmar o endereço de entrega');
  await expect(noteBox).toHaveClass(/note/);
  await expect(noteBox).toBeFocused();
  await page.screenshot({ path: 'test-results/notes-draft.png' });
});

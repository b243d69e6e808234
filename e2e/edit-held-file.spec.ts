/**
 * The caption of a file HelenaCRM holds for the contact's reply (window closed, online) is edited
 * from the keyboard, as a held text is: Shift+Tab from the box reaches its "Editar legenda", Enter
 * puts the caption in the box, Enter saves; the same line (same file) reads the new caption, still
 * waiting for the reply, and no second line shows the withdrawn copy. An audio held before it
 * offers no "Editar legenda" (WhatsApp shows no caption on audio). The contact's reply releases the
 * file once, with only the new caption, and HelenaCRM holds one upload of it.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, contactSends, deskForFile, pdfOf, shiftTabTo, signIn, startWith, type Desk } from './desk';

const desk = deskForFile();

/** Alt+U, and the system's file picker answered with `file`. */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Alt+u');
  await (await chooser).setFiles(file);
}

/** The agent's file messages in the contact's conversation, as HelenaCRM has them. */
async function filesOnServer(d: Desk, name: string): Promise<Array<{ type: string; text: string | null; status: string; fileId: string | null }>> {
  const http = api(d.sandbox, (await loginAs(d.sandbox, ANA)).token);
  const sessions = await http.get<{ items: Array<{ id: string }> }>('/chat/v2/session?PageSize=100');
  const found = [];
  for (const session of sessions.body.items) {
    const listed = await http.get<{ items: Array<{ direction: string; type: string; text: string | null; status: string; fileId?: string | null; details: { file?: { name?: string | null } } }> }>(
      `/chat/v1/session/${session.id}/message?PageSize=100`,
    );
    for (const m of listed.body.items.filter((item) => item.direction === 'FROM_HUB' && item.details.file?.name === name)) {
      found.push({ type: m.type, text: m.text, status: m.status, fileId: m.fileId ?? null });
    }
  }
  return found;
}

test('the caption of a file held by HelenaCRM is edited from the keyboard; the contact gets the file once, with the new caption', async ({ page }) => {
  await signIn(page, desk());
  await startWith(page, 'vinicius', 'Vinícius Romão');
  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();

  // A voice note, held too: withdrawable, but there is no caption to edit.
  await attach(page, { name: 'recado.ogg', mimeType: 'audio/ogg', buffer: Buffer.concat([Buffer.from('OggS\0\x02'), Buffer.alloc(4_000, 1)]) });
  await page.keyboard.press('Enter');
  const audio = page.getByRole('listitem').filter({ hasText: 'recado.ogg' });
  await expect(audio.getByTestId('message-state')).toHaveText('Aguardando resposta do contato', { timeout: 15_000 });
  await expect(audio.getByRole('button', { name: 'Cancelar envio' })).toBeVisible();
  await expect(audio.getByRole('button', { name: 'Editar legenda' })).toHaveCount(0);

  await attach(page, { name: 'boleto-marco.pdf', mimeType: 'application/pdf', buffer: pdfOf(48_000, 'boleto de março') });
  await expect(box).toBeFocused();
  await page.keyboard.type('Segue o boleto de março.');
  await page.keyboard.press('Enter');
  const held = page.getByRole('listitem').filter({ hasText: 'boleto-marco.pdf' });
  await expect(held).toContainText('Segue o boleto de março.');
  await expect(held.getByTestId('message-state')).toHaveText('Aguardando resposta do contato', { timeout: 15_000 });
  await expect(held.getByRole('button', { name: 'Cancelar envio' })).toBeVisible();
  const edit = held.getByRole('button', { name: 'Editar legenda' });
  await expect(edit).toBeVisible();

  await shiftTabTo(page, edit);
  await page.keyboard.press('Enter');
  const editing = page.getByLabel('Editando a legenda do arquivo na fila');
  await expect(editing).toBeFocused();
  await expect(editing).toHaveValue('Segue o boleto de março.');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Segue o boleto de abril.');
  await page.keyboard.press('Enter');

  const edited = page.getByRole('listitem').filter({ hasText: 'Segue o boleto de abril.' });
  await expect(edited.getByTestId('message-file')).toHaveText(/📎 boleto-marco\.pdf/);
  await expect(edited.getByTestId('message-state')).toHaveText('Aguardando resposta do contato');
  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  await expect(page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' })).toHaveCount(0);
  // Held on HelenaCRM once more, under a new refId: withdrawable and editable again.
  await expect(edited.getByRole('button', { name: 'Editar legenda' })).toBeVisible();
  await page.screenshot({ path: 'test-results/edit-held-file.png' });

  await contactSends(desk(), 'Vinícius Romão', { text: 'Oi, pode mandar.' });
  await expect(edited.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 20_000 });
  await expect(page.getByRole('listitem').filter({ hasText: 'Segue o boleto de março.' })).toHaveCount(0);

  // HelenaCRM's record: the original deleted, the new caption released once, both naming the one upload.
  const sent = await filesOnServer(desk(), 'boleto-marco.pdf');
  expect(sent.map((m) => [m.text, m.status === 'DELETED' ? 'DELETED' : 'released'])).toEqual([
    ['Segue o boleto de março.', 'DELETED'],
    ['Segue o boleto de abril.', 'released'],
  ]);
  expect(new Set(sent.map((m) => m.fileId)).size).toBe(1);
  expect(sent[0]?.fileId).not.toBeNull();
});

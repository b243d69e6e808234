/**
 * "Enviei o arquivo errado", end to end and from the keyboard: on a slow line (the TCP proxy
 * between the core and the sandbox throttled) the agent sends a PDF, sees "Enviando arquivo… N%"
 * with "Cancelar envio" beside it, reaches the button with Shift+Tab from the box and presses
 * Enter: the line reads "Envio cancelado", the progress is gone, and HelenaCRM (the sandbox)
 * never holds a message with that file, nor the file saved.
 */
import { expect, test } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, deskForFile, pdfOf, shiftTabTo, signIn, takeConversation, type Desk } from './desk';

const desk = deskForFile({ proxy: true, receptiveDemo: true, eachTestLoggedOut: true });

/** Names of the files on every DOCUMENT message HelenaCRM holds, and of every file it saved. */
async function onServer(d: Desk): Promise<{ documents: Array<string | null | undefined>; saved: string[] }> {
  const http = api(d.sandbox, (await loginAs(d.sandbox, ANA)).token);
  const sessions = await http.get<{ items: Array<{ id: string }> }>('/chat/v2/session?PageSize=100');
  const documents: Array<string | null | undefined> = [];
  for (const session of sessions.body.items) {
    const listed = await http.get<{ items: Array<{ type: string; details: { file?: { name?: string | null } } }> }>(`/chat/v1/session/${session.id}/message?PageSize=100`);
    for (const m of listed.body.items.filter((item) => item.type === 'DOCUMENT')) documents.push(m.details.file?.name);
  }
  const files = (await (await fetch(`${d.sandbox.url}/control/v1/files`)).json()) as { items: Array<{ name: string }> };
  return { documents, saved: files.items.map((f) => f.name) };
}

test('keyboard only: the wrong boleto is stopped while it uploads, and the contact never receives it', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, desk());
  await takeConversation(page, 'clau', 'Cláudia Assunção');

  // A call center's slow line: the core's bytes to HelenaCRM go at 100 KB/s.
  desk().proxy.throttle(100_000);
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Alt+u');
  await (await chooser).setFiles({ name: 'boleto-outro-cliente.pdf', mimeType: 'application/pdf', buffer: pdfOf(4_000_000, 'boleto de outro cliente') });
  await expect(page.getByTestId('attachment-chip')).toContainText('boleto-outro-cliente.pdf');
  await page.keyboard.press('Enter');

  const line = page.getByRole('listitem').filter({ hasText: 'boleto-outro-cliente.pdf' });
  await expect(line.getByTestId('message-state')).toHaveText(/^Enviando arquivo… \d+%$/, { timeout: 30_000 });
  const cancel = line.getByRole('button', { name: 'Cancelar envio' });
  await expect(cancel).toBeVisible();
  await line.screenshot({ path: 'test-results/file-cancel-uploading-line.png' });
  await page.screenshot({ path: 'test-results/file-cancel-uploading.png' });

  await expect(page.getByLabel('Mensagem', { exact: true })).toBeFocused();
  await shiftTabTo(page, cancel);
  await page.keyboard.press('Enter');
  await expect(line.getByTestId('message-state')).toHaveText('Envio cancelado', { timeout: 10_000 });
  await expect(line).not.toContainText('%');
  await expect(cancel).toHaveCount(0);
  await expect(page.locator('p.error[role=alert]')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/file-cancel-cancelled.png' });

  // The line fast again, and time for anything still going to arrive: nothing did.
  desk().proxy.throttle(null);
  await page.waitForTimeout(3_000);
  await expect(line.getByTestId('message-state')).toHaveText('Envio cancelado');
  const server = await onServer(desk());
  expect(server.documents).not.toContain('boleto-outro-cliente.pdf');
  expect(server.saved).not.toContain('boleto-outro-cliente.pdf');
});

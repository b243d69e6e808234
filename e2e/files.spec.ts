/**
 * Sending a file, end to end and from the keyboard: in a conversation whose window is open, Alt+U
 * opens the system's file picker, the PDF shows as a chip above the box, the box's text becomes
 * its caption and Enter sends it; HelenaCRM (the sandbox) ends with one DOCUMENT message whose
 * bytes equal the file. A file too big for WhatsApp is refused in the chip with its limit. Offline
 * the file is queued and goes out once when the network returns. And the largest file the app
 * sends (16 MB) makes the whole trip, timed.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, loginAs } from '../sandbox/testing';
import { ANA, deskForFile, pdfOf, signIn, takeConversation, type Desk } from './desk';

const desk = deskForFile({ proxy: true, receptiveDemo: true, eachTestLoggedOut: true });

/** Alt+U, and the system's file picker answered with `file`. */
async function attach(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Alt+u');
  await (await chooser).setFiles(file);
}

/** Every DOCUMENT message HelenaCRM holds, with its file's bytes, read back through the API and the control API. */
async function documentsOnServer(d: Desk): Promise<Array<{ text: string | null; status: string; name: string | null | undefined; bytes: Buffer }>> {
  const http = api(d.sandbox, (await loginAs(d.sandbox, ANA)).token);
  const sessions = await http.get<{ items: Array<{ id: string }> }>('/chat/v2/session?PageSize=100');
  const found = [];
  for (const session of sessions.body.items) {
    const listed = await http.get<{ items: Array<{ type: string; text: string | null; status: string; fileId?: string | null; details: { file?: { name?: string | null } } }> }>(
      `/chat/v1/session/${session.id}/message?PageSize=100`,
    );
    for (const m of listed.body.items.filter((item) => item.type === 'DOCUMENT')) {
      const bytes = Buffer.from(await (await fetch(`${d.sandbox.url}/control/v1/files/${m.fileId ?? ''}`)).arrayBuffer());
      found.push({ text: m.text, status: m.status, name: m.details.file?.name, bytes });
    }
  }
  return found;
}

test('keyboard only: Alt+U attaches a PDF, the box’s text is its caption, Enter sends it; HelenaCRM holds one DOCUMENT with the same bytes', async ({ page }) => {
  await signIn(page, desk());
  await takeConversation(page, 'clau', 'Cláudia Assunção');

  // F1 lists the shortcut; the line under the box says it too.
  await expect(page.getByText('Alt+U anexa arquivo')).toBeVisible();
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await expect(help).toContainText('anexa um arquivo');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.getByLabel('Mensagem', { exact: true }).focus();

  // Too big for WhatsApp: refused in the chip at once, naming the limit; Esc takes it off.
  await attach(page, { name: 'foto-da-fachada.png', mimeType: 'image/png', buffer: Buffer.alloc(6_200_000, 7) });
  const chip = page.getByTestId('attachment-chip');
  await expect(chip).toContainText('📎 foto-da-fachada.png · 6,2 MB');
  await expect(chip).toContainText('o WhatsApp aceita imagens de até 5 MB');
  await page.screenshot({ path: 'test-results/files-refused.png' });
  await page.keyboard.press('Escape');
  await expect(chip).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible();

  const boleto = pdfOf(120_400, 'boleto de março');
  await attach(page, { name: 'boleto-marco.pdf', mimeType: 'application/pdf', buffer: boleto });
  await expect(chip).toHaveText('📎 boleto-marco.pdf · 120 KB — Enter envia · Esc remove');
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  await expect(box).toHaveAttribute('placeholder', 'Legenda do arquivo (opcional) — Enter envia');
  await page.keyboard.type('Segue o boleto de março.');
  await page.screenshot({ path: 'test-results/files-chip.png' });
  await page.keyboard.press('Enter');

  const sent = page.getByRole('listitem').filter({ hasText: 'boleto-marco.pdf' });
  await expect(sent.getByTestId('message-file')).toHaveText('📎 boleto-marco.pdf · 120 KB');
  await expect(sent).toContainText('Segue o boleto de março.');
  await expect(sent.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 15_000 });
  await expect(chip).toBeHidden();
  await expect(box).toHaveValue('');
  await page.screenshot({ path: 'test-results/files-sent.png' });

  const documents = await documentsOnServer(desk());
  expect(documents).toHaveLength(1);
  expect(documents[0]).toMatchObject({ text: 'Segue o boleto de março.', name: 'boleto-marco.pdf' });
  expect(documents[0]?.bytes.equals(boleto)).toBe(true);
});

test('offline: the file is queued with its caption and goes out once when the network returns', async ({ page }) => {
  await signIn(page, desk());
  await takeConversation(page, 'fabio', 'Fábio Guimarães');
  const before = (await documentsOnServer(desk())).length;

  desk().proxy.setMode('down');
  await expect(page.getByTestId('connectivity')).not.toHaveText('Online', { timeout: 20_000 });
  const nota = pdfOf(48_000, 'nota fiscal 4471');
  await attach(page, { name: 'nota-fiscal-4471.pdf', mimeType: 'application/pdf', buffer: nota });
  await page.keyboard.type('Nota fiscal da sua compra.');
  await page.keyboard.press('Enter');
  const queued = page.getByRole('listitem').filter({ hasText: 'nota-fiscal-4471.pdf' });
  await expect(queued.getByTestId('message-state')).toHaveText('Na fila (sem conexão)');
  await expect(page.getByRole('status').filter({ hasText: 'na fila' })).toContainText('1 mensagem na fila');
  await page.screenshot({ path: 'test-results/files-offline-queued.png' });

  desk().proxy.setMode('pass');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 30_000 });
  await expect(queued.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 20_000 });

  const documents = await documentsOnServer(desk());
  expect(documents).toHaveLength(before + 1);
  const arrived = documents.filter((d) => d.name === 'nota-fiscal-4471.pdf');
  expect(arrived).toHaveLength(1);
  expect(arrived[0]?.text).toBe('Nota fiscal da sua compra.');
  expect(arrived[0]?.bytes.equals(nota)).toBe(true);
});

test('the largest file the app sends (16 MB) crosses the browser, the bridge and the upload, timed', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, desk());
  await takeConversation(page, 'luiza', 'Luíza Helena Brandão');
  const contract = pdfOf(16_000_000, 'contrato assinado');
  await attach(page, { name: 'contrato-assinado.pdf', mimeType: 'application/pdf', buffer: contract });
  await expect(page.getByTestId('attachment-chip')).toContainText('📎 contrato-assinado.pdf · 16 MB — Enter envia');
  const started = Date.now();
  await page.keyboard.press('Enter');
  const sent = page.getByRole('listitem').filter({ hasText: 'contrato-assinado.pdf' });
  await expect(sent.getByTestId('message-file')).toBeVisible({ timeout: 30_000 });
  const queuedMs = Date.now() - started;
  await expect(sent.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 60_000 });
  const sentMs = Date.now() - started;

  // A slow HelenaCRM: the upload's progress shows while the bytes go.
  const faults = api(desk().sandbox);
  await faults.put('/control/v1/faults', { latencyMs: 1_500 });
  await attach(page, { name: 'contrato-aditivo.pdf', mimeType: 'application/pdf', buffer: contract });
  await page.keyboard.press('Enter');
  const slow = page.getByRole('listitem').filter({ hasText: 'contrato-aditivo.pdf' });
  await expect(slow.getByTestId('message-state')).toHaveText(/^Enviando arquivo…( \d+%)?$/, { timeout: 20_000 });
  await page.screenshot({ path: 'test-results/files-uploading.png' });
  await faults.put('/control/v1/faults', { latencyMs: 0 });
  await expect(slow.getByTestId('message-state')).toHaveText(/Enviada|Entregue|Lida/, { timeout: 60_000 });
  test.info().annotations.push({ type: 'timing', description: `16 MB: on screen (queued, on disk) after ${queuedMs} ms, sent after ${sentMs} ms` });
  console.log(`[files.spec] 16 MB file: on screen after ${queuedMs} ms, sent after ${sentMs} ms`);
  const arrived = (await documentsOnServer(desk())).filter((d) => d.name === 'contrato-assinado.pdf' || d.name === 'contrato-aditivo.pdf');
  expect(arrived.map((d) => d.name)).toEqual(['contrato-assinado.pdf', 'contrato-aditivo.pdf']);
  expect(arrived.every((d) => d.bytes.equals(contract))).toBe(true);
});

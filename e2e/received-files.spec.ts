/**
 * Files the contact sends, seen and saved, keyboard only: Cláudia sends a photo of a Pix receipt
 * and a PDF (through the sandbox's control API, as WhatsApp would deliver them). The photo shows in
 * the conversation; the agent reaches it with the keyboard, Enter opens the viewer, Esc closes it
 * and the focus is back on the photo; "Salvar" in the viewer and "Baixar" on the PDF download
 * files whose bytes equal what the contact sent. axe finds nothing on the conversation with the
 * preview, nor with the viewer open.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { ANA, axeViolations, contactSends, deskForFile, shiftTabTo, signIn, takeConversation } from './desk';

const desk = deskForFile({ receptiveDemo: true });

const PDF = Buffer.from(`%PDF-1.4\n% comprovante de pagamento\n${'0'.repeat(40_000)}\n%%EOF\n`);

/** A real JPEG, drawn by Chromium: a receipt the preview must actually decode. */
async function receiptJpeg(page: Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 360;
    canvas.height = 520;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('no canvas');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 360, 520);
    g.fillStyle = '#0a7d4f';
    g.fillRect(0, 0, 360, 70);
    g.fillStyle = '#fff';
    g.font = 'bold 26px sans-serif';
    g.fillText('Comprovante Pix', 24, 46);
    g.fillStyle = '#111';
    g.font = '20px sans-serif';
    ['Valor: R$ 150,00', 'Para: Helena Store', 'Data: 30/11/2026 11:40', 'ID: E1234567890'].forEach((line, i) => g.fillText(line, 24, 130 + i * 44));
    return canvas.toDataURL('image/jpeg', 0.9);
  });
  return Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
}

test('keyboard only: the photo a contact sent shows inline, opens in a viewer (Esc returns), and both files save with their exact bytes', async ({ page }) => {
  await signIn(page, desk(), ANA);
  const JPEG = await receiptJpeg(page);
  await takeConversation(page, 'clau', 'Cláudia Assunção');
  const box = page.getByLabel('Mensagem', { exact: true });

  await contactSends(desk(), 'Cláudia Assunção', { text: 'Segue o comprovante do Pix', file: { name: 'comprovante-pix.jpg', mimeType: 'image/jpeg', data: JPEG.toString('base64') } });
  await contactSends(desk(), 'Cláudia Assunção', { file: { name: 'boleto-pago.pdf', mimeType: 'application/pdf', data: PDF.toString('base64') } });

  // The photo, decoded from the bytes the core handed over (a blob: URL, never the remote link).
  const photo = page.getByRole('button', { name: 'Abrir imagem comprovante-pix.jpg' });
  await expect(photo).toBeVisible({ timeout: 10_000 });
  const img = photo.locator('img');
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBe(360);
  expect(await img.getAttribute('src')).toMatch(/^blob:/);
  await expect(page.getByTestId('received-file').first()).toContainText(`📎 comprovante-pix.jpg`);
  await expect(page.getByText('Segue o comprovante do Pix')).toBeVisible();
  const pdfButton = page.getByRole('button', { name: 'Baixar' });
  await expect(page.getByTestId('received-file').nth(1)).toContainText('📎 boleto-pago.pdf · 40 KB — Baixar');
  await expect(box).toBeFocused();

  // Reached from the box with the keyboard, as "Editar" and "Cancelar envio" are.
  await shiftTabTo(page, photo);
  await page.screenshot({ path: 'test-results/received-photo.png' });
  expect(await axeViolations(page, 'conversation with a received photo')).toEqual([]);

  await page.keyboard.press('Enter');
  const viewer = page.getByRole('dialog', { name: 'Imagem enviada pelo contato' });
  await expect(viewer).toBeVisible();
  await expect(viewer.getByRole('img', { name: 'comprovante-pix.jpg' })).toBeVisible();
  await page.screenshot({ path: 'test-results/received-photo-viewer.png' });
  expect(await axeViolations(page, 'image viewer')).toEqual([]);

  // "Salvar": Tab to it, Enter, and the download is the photo byte for byte.
  for (let i = 0; i < 4 && !(await viewer.getByRole('button', { name: 'Salvar' }).evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(viewer.getByRole('button', { name: 'Salvar' })).toBeFocused();
  const photoDownload = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const savedPhoto = await photoDownload;
  expect(savedPhoto.suggestedFilename()).toBe('comprovante-pix.jpg');
  expect((await readFile(await savedPhoto.path())).equals(JPEG)).toBe(true);

  // Esc closes the viewer (not the conversation) and the focus is back on the photo.
  await page.keyboard.press('Escape');
  await expect(viewer).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Cláudia Assunção' })).toBeVisible();
  await expect(photo).toBeFocused();

  // The PDF: Tab to "Baixar", Enter, the download is the PDF byte for byte.
  for (let i = 0; i < 6 && !(await pdfButton.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(pdfButton).toBeFocused();
  const pdfDownload = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const savedPdf = await pdfDownload;
  expect(savedPdf.suggestedFilename()).toBe('boleto-pago.pdf');
  expect((await readFile(await savedPdf.path())).equals(PDF)).toBe(true);
  await page.screenshot({ path: 'test-results/received-pdf-saved.png' });

  // Esc from the conversation still goes back to the list.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('listbox', { name: 'Atendimentos' })).toBeFocused();
});

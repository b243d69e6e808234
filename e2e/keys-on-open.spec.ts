/**
 * Keys typed the instant something opens land in what opened, never in the box underneath or on
 * the page. Sent as a fast agent's fingers do, back to back, none waiting for the page to answer the
 * one before (Playwright's keyboard waits for each key, and so never meets the gap): Ctrl+F's find
 * bar took the focus a frame late, the letters going into the message box, and Esc's way back to the
 * box too. The contact edit (Alt+E), the schedule dialog's parameters (Alt+G) and Alt+C's question
 * are checked the same way.
 */
import { expect, test, type CDPSession } from '@playwright/test';
import { deskForFile, signIn, startWith } from './desk';

const desk = deskForFile();

const MODIFIERS: Record<string, number> = { Alt: 1, Control: 2 };
const NAMED: Record<string, { code: string; vk: number; text?: string }> = {
  Control: { code: 'ControlLeft', vk: 17 },
  Alt: { code: 'AltLeft', vk: 18 },
  Enter: { code: 'Enter', vk: 13, text: '\r' },
  Escape: { code: 'Escape', vk: 27 },
  End: { code: 'End', vk: 35 },
  ' ': { code: 'Space', vk: 32, text: ' ' },
};

/** Presses `keys` ("Control+f", "Escape", "a") in order, all sent before the page has handled the first. */
async function burst(cdp: CDPSession, ...keys: string[]): Promise<void> {
  const sent: Promise<unknown>[] = [];
  const send = (type: 'keyDown' | 'rawKeyDown' | 'keyUp', key: string, modifiers: number) => {
    const named = NAMED[key];
    const code = named?.code ?? `Key${key.toUpperCase()}`;
    const vk = named?.vk ?? key.toUpperCase().charCodeAt(0);
    const text = named ? named.text : modifiers === 0 ? key : undefined;
    const down = type !== 'keyUp' && text !== undefined;
    sent.push(
      cdp.send('Input.dispatchKeyEvent', {
        type: type === 'keyUp' ? 'keyUp' : down ? 'keyDown' : 'rawKeyDown',
        key,
        code,
        windowsVirtualKeyCode: vk,
        modifiers,
        ...(down ? { text, unmodifiedText: text } : {}),
      }),
    );
  };
  for (const combo of keys) {
    const parts = combo.length > 1 ? combo.split('+') : [combo];
    const key = parts.pop() ?? '';
    let modifiers = 0;
    for (const modifier of parts) {
      modifiers |= MODIFIERS[modifier] ?? 0;
      send('rawKeyDown', modifier, modifiers);
    }
    send('keyDown', key, modifiers);
    send('keyUp', key, modifiers);
    for (const modifier of parts.reverse()) {
      modifiers &= ~(MODIFIERS[modifier] ?? 0);
      send('keyUp', modifier, modifiers);
    }
  }
  await Promise.all(sent);
}

test('what is typed right after Ctrl+F, Esc, Alt+E, a template pick and Alt+C lands where it opened', async ({ page }) => {
  await signIn(page, desk());
  const welcome = await startWith(page, 'vinicius romao', 'Vinícius Romão');
  await expect(welcome).toHaveCount(1, { timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  const cdp = await page.context().newCDPSession(page);

  // Ctrl+F then a word: the word is the search, the box stays empty; Esc then a word: back in the
  // box. A few times: before, it went wrong about half the time.
  const find = page.getByRole('searchbox', { name: 'Buscar na conversa' });
  for (let i = 0; i < 3; i++) {
    await burst(cdp, 'Control+f', 't', 'u', 'd', 'o');
    await expect(find).toHaveValue('tudo');
    await expect(box).toHaveValue('');
    await burst(cdp, 'Escape', 'o', 'i');
    await expect(find).toBeHidden();
    await expect(box).toHaveValue('oi');
    await expect(box).toBeFocused();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Delete');
  }

  // Alt+E then the rest of the name.
  await burst(cdp, 'Alt+e', 'End', ' ', 'j', 'r');
  const edit = page.getByRole('dialog', { name: 'Editar contato' });
  await expect(edit.getByLabel('Nome')).toHaveValue('Vinícius Romão jr');
  await expect(box).toHaveValue('');
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();
  await expect(box).toBeFocused();

  // Alt+G: once its templates are listed, Enter on boas_vindas and the first parameter (the contact's
  // name, filled in and selected: typing replaces it).
  await expect(page.getByRole('button', { name: 'Agendar modelo (Alt+G)' })).toBeVisible({ timeout: 15_000 });
  await page.keyboard.press('Alt+g');
  const schedule = page.getByRole('dialog', { name: 'Agendar modelo' });
  const templates = schedule.getByRole('listbox', { name: 'Selecione o modelo de mensagem' });
  await expect(templates).toBeFocused();
  const names = await templates.getByRole('option').allTextContents();
  for (let i = 0; i < names.findIndex((n) => n.includes('boas_vindas')); i++) await page.keyboard.press('ArrowDown');
  await burst(cdp, 'Enter', 'v', 'i', 'n', 'i');
  await expect(schedule.getByLabel('nome')).toHaveValue('vini');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(schedule).toBeHidden();
  await expect(box).toBeFocused();
  await expect(box).toHaveValue('');

  // A draft, then Alt+C and Enter: Enter is on "Voltar", so nothing completes (or goes out) and the draft stays.
  await page.keyboard.type('rascunho');
  await burst(cdp, 'Alt+c', 'Enter');
  await expect(page.getByRole('dialog', { name: 'Concluir atendimento?' })).toBeHidden();
  await expect(box).toHaveValue('rascunho');
  await expect(box).toBeFocused();
  await expect(page.getByRole('button', { name: 'Concluir atendimento (Alt+C)' })).toBeVisible();
});

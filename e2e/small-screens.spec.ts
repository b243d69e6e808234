/**
 * Small screens, keyboard only: the agent's day on a 1366×768 laptop and on a 1280×720 one zoomed
 * to 125% and 150% (1024×576 and 853×480 CSS pixels), in pt-BR and once in English. The walk is
 * typed at 853×480, the hardest; at each step the window is also shown at the two larger sizes.
 * At every size and step: the focused element is inside the window, not covered, with a focus
 * ring that stands out 3:1 from what is around it; each dialog's main button is in view and can
 * take the focus; nothing scrolls sideways; no word of the other language shows in the interface's
 * own words. Along the way: a name typed fast and Enter open that conversation (the search's
 * answer held back); the conversation keeps its newest message in view, PageUp / PageDown scroll
 * it from the box, and the keyboard stays in the box when the button it was on goes away; a past
 * conversation scrolls from the keyboard.
 * Screenshots: test-results/small-screens/<step>-853.png, and every size's with SCREENSHOTS=all.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ANA, arrowTo, axeViolations, contactSends, deskForFile, latestCode, officialChannelAndTeam, pickTemplate, shiftTabTo } from './desk';

const desk = deskForFile({ historyDemo: true, receptiveDemo: true, eachTestLoggedOut: true });

const SIZES = [
  { width: 853, height: 480 },
  { width: 1024, height: 576 },
  { width: 1366, height: 768 },
] as const;

/** A company as the contact, named as registered: the conversation's heading must not push the screen sideways. */
const LONG_NAME = 'Distribuidora de Materiais de Construção Albuquerque & Cavalcanti Ltda';

/**
 * Words of one language that the other's interface never uses: found in a button, label, heading,
 * hint or status (contacts' names and messages are left out, they are the customer's own words).
 */
const FOREIGN = {
  'pt-BR': /\b(the|and|conversations?|send|cancel|schedule|loading|press|find|waiting|queued|close|back|team|template|start|sign)\b/i,
  en: /(\b(atendimentos?|enviar|envia|cancelar|agendar|carregando|pressione|buscar|aguardando|fila|fechar|volta|equipe|modelo|iniciar|sair|não|você|próximo|escolhem)\b|ç|ã|õ)/i,
} as const;

type Language = keyof typeof FOREIGN;

/**
 * Why `el` is not fully shown (null: it is): outside the window, or something else drawn over its
 * centre (a sticky bar, a list's edge when it is scrolled away). Runs in the page.
 */
function notShown(el: Element): string | null {
  const r = el.getBoundingClientRect();
  const width = window.innerWidth;
  const height = window.innerHeight;
  if (r.width === 0 || r.height === 0) return 'has no size';
  if (r.top < -1 || r.left < -1 || r.bottom > height + 1 || r.right > width + 1) {
    return `is outside the ${width}×${height} window (${Math.round(r.left)},${Math.round(r.top)} → ${Math.round(r.right)},${Math.round(r.bottom)})`;
  }
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
  if (hit !== el && !el.contains(hit) && !(hit instanceof HTMLLabelElement && hit.control === el)) {
    return `is covered by ${hit ? `<${hit.tagName.toLowerCase()} class="${hit.className}">` : 'nothing'}`;
  }
  return null;
}

/** The element's box inside the window and what is drawn at its centre is the element itself. */
async function inViewProblem(target: Locator): Promise<string | null> {
  return target.evaluate((el, check) => (new Function(`return (${check})`)() as typeof notShown)(el), notShown.toString());
}

async function expectInView(target: Locator, what: string, where: string): Promise<void> {
  expect(await inViewProblem(target), `${where}: ${what}`).toBeNull();
}

/**
 * The focused element in view, with a ring the agent can see; a list's chosen option
 * (aria-activedescendant) in view too. One trip to the page: this runs at every step and size.
 */
async function expectFocusShown(page: Page, where: string): Promise<void> {
  const problem = await page.evaluate((check) => {
    const shown = new Function(`return (${check})`)() as typeof notShown;
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing has the focus';
    // The dialog itself holds the focus while its content loads or scrolls (the shortcuts list): its frame shows where the keys go.
    if (el.getAttribute('role') === 'dialog') return null;
    const name = `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''} class="${el.className}">`;
    const style = getComputedStyle(el);
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return `the focused ${name} shows no focus ring`;
    // The ring against what is around it (the dialog's white, the page's grey): 3:1 at least (WCAG 1.4.11), by its best band.
    const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => {
      const lin = (v: number) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let around = [255, 255, 255];
    for (let up = el.parentElement; up; up = up.parentElement) {
      const color = rgb(getComputedStyle(up).backgroundColor);
      if (color.length >= 3 && (color[3] ?? 1) > 0.5) {
        around = color;
        break;
      }
    }
    const bands = [style.outlineColor, ...(style.boxShadow.match(/rgba?\([^)]*\)/g) ?? [])];
    const best = Math.max(
      ...bands.map((band) => {
        const [light, dark] = [luminance(rgb(band)), luminance(around)].sort((a, b) => b - a);
        return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
      }),
    );
    if (best < 3) return `the focus ring of ${name} stands out ${best.toFixed(2)}:1 from what is around it (3:1 needed)`;
    const hidden = shown(el);
    if (hidden) return `the focused ${name} ${hidden}`;
    const active = el.getAttribute('aria-activedescendant');
    const option = active ? document.getElementById(active) : null;
    const optionHidden = option ? shown(option) : null;
    return optionHidden ? `the chosen option #${active} ${optionHidden}` : null;
  }, notShown.toString());
  expect(problem, `${where}: the focus`).toBeNull();
}

/**
 * What scrolls sideways (the page, the desk, the conversation, a dialog), and the interface's own
 * words on screen (never the contacts' names or messages, which are the customer's own words).
 */
async function layoutAndWords(page: Page): Promise<{ wide: string[]; words: string[] }> {
  return page.evaluate(() => {
    const wide = [document.documentElement, ...document.querySelectorAll<HTMLElement>('.home, .conversation, .dialog')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth} > ${el.clientWidth}`);
    const words: string[] = [];
    const data = '.messages, .conversations li, .pick-list li, .trail, .contact-line, .preview, .conversation h1, .agent, .past-detail, .quick-replies li, option, #transfer-question, .history > p.muted:first-of-type';
    const shown = (el: HTMLElement) => el.offsetParent !== null && !el.closest(data);
    // At the innermost element: a paragraph holding a button is read as the button.
    for (const el of document.querySelectorAll<HTMLElement>('button, label, h1, h2, h3, p, dt, dd, .badge, .keys, .hint, .window, .cost')) {
      if (shown(el) && !el.querySelector('button, label, h1, h2, h3, p, dt, dd') && el.innerText.trim()) words.push(el.innerText.trim());
    }
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [aria-label]')) {
      if (!shown(el)) continue;
      for (const text of [el.getAttribute('placeholder'), el.getAttribute('aria-label')]) if (text?.trim()) words.push(text.trim());
    }
    return { wide, words: [...new Set(words)] };
  });
}

/** Every size's screenshot with SCREENSHOTS=all (to look at them after a change to the layout); otherwise 853×480's. */
const ALL_SHOTS = process.env.SCREENSHOTS === 'all';

/**
 * The step at every size: focus shown, no sideways scroll, no word of the other language, then
 * `more` (the step's own checks), and a screenshot. Back at 853×480 for the next keys.
 */
async function step(page: Page, name: string, language: Language, more?: (where: string) => Promise<void>): Promise<void> {
  // Smallest first: the keys just pressed acted at 853×480 (growing the window keeps in view what was; shrinking it back might not).
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const where = `${name} at ${size.width}×${size.height}${language === 'en' ? ' (English)' : ''}`;
    if (size === SIZES[0] || ALL_SHOTS) {
      await page.screenshot({ path: `test-results/small-screens/${language === 'en' ? 'en-' : ''}${name}-${size.width}.png`, caret: 'initial' });
    }
    await expectFocusShown(page, where);
    const { wide, words } = await layoutAndWords(page);
    expect(wide, `${where}: nothing scrolls sideways`).toEqual([]);
    expect(words.filter((text) => FOREIGN[language].test(text)), `${where}: words of the other language`).toEqual([]);
    await more?.(where);
  }
  await page.setViewportSize(SIZES[0]);
}

/** The dialog's main button: enabled, in view (not below the fold, not under anything) and able to take the focus. */
async function expectPrimary(button: Locator, where: string): Promise<void> {
  const problem = await button.evaluate((el, check) => {
    const hidden = (new Function(`return (${check})`)() as typeof notShown)(el);
    const name = `the button "${el.textContent ?? ''}"`;
    if (!(el instanceof HTMLButtonElement) || el.disabled) return `${name} is disabled`;
    if (el.tabIndex < 0) return `${name} does not take the focus`;
    return hidden ? `${name} ${hidden}` : null;
  }, notShown.toString());
  expect(problem, `${where}: the main button`).toBeNull();
}

/** While `on`, the core's answers to the desk's quick find reach the page 300 ms late (the bridge's socket, held here). */
async function holdDeskSearches(page: Page): Promise<{ on: boolean }> {
  const hold = { on: false };
  await page.routeWebSocket(/./, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => {
      const call = typeof message === 'string' ? (JSON.parse(message) as { command?: string; input?: { query?: string } }) : null;
      if (hold.on && call?.command === 'desk.view' && call.input?.query) setTimeout(() => server.send(message), 300);
      else server.send(message);
    });
    server.onMessage((message) => socket.send(message));
  });
  return hold;
}

test('pt-BR at 853×480, 1024×576 and 1366×768: login, desk, start flow, conversation and its dialogs, keyboard only', async ({ page }) => {
  const d = desk();
  d.sandbox.ctx.db.prepare('UPDATE contacts SET name = ? WHERE name = ?').run(LONG_NAME, 'Fábio Guimarães');
  const slowSearch = await holdDeskSearches(page);
  // João answers only when the test says (his demo script would reply 3 s after the start).
  d.sandbox.ctx.db.prepare("UPDATE contact_scripts SET reply_after_ms = NULL WHERE contact_id = (SELECT id FROM contacts WHERE name = 'João da Silva')").run();
  await page.setViewportSize(SIZES[0]);
  await page.goto(d.host.url);
  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await page.keyboard.type(ANA);
  await step(page, 'login', 'pt-BR', (where) => expectPrimary(page.getByRole('button', { name: 'Receber código' }), where));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Código de acesso')).toBeFocused();
  await page.keyboard.type(await latestCode(d, ANA));
  await step(page, 'login-code', 'pt-BR', (where) => expectPrimary(page.getByRole('button', { name: 'Entrar' }), where));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });
  await d.core.whenSynced();

  // The desk: the list has the keyboard and fits the window; ←→ move between the filters.
  const list = page.getByRole('listbox', { name: 'Atendimentos' });
  await expect(list).toBeFocused();
  await expect(list.getByRole('option')).toHaveCount(3);
  await page.keyboard.press('End');
  await step(page, 'desk', 'pt-BR');
  await shiftTabTo(page, page.getByRole('tab', { name: /^Todos/ }));
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: /^Meus/ })).toBeFocused();
  await step(page, 'desk-filter', 'pt-BR');
  await page.keyboard.press('ArrowLeft');
  await expect(list.getByRole('option')).toHaveCount(3);
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await expect(list).toBeFocused();

  // Typed fast, a name and Enter open that conversation, not the first row of the list shown
  // before the core's answer to the search (held back 300 ms here: a busy machine).
  const rows = await list.getByRole('option').locator('.name').allTextContents();
  const target = rows[rows.length - 1] ?? '';
  expect(target).not.toBe(rows[0]);
  slowSearch.on = true;
  await page.keyboard.type(target.split(' ')[0]?.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() ?? '');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(target);
  slowSearch.on = false;
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  await page.keyboard.press('Escape');

  // A long name: the conversation's heading wraps, the screen does not scroll sideways.
  await page.keyboard.type('distribuidora');
  await expect(list.getByRole('option')).toHaveCount(1);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: LONG_NAME })).toBeVisible();
  await step(page, 'long-name', 'pt-BR');
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();
  await page.keyboard.press('Escape');

  // F1: the list of shortcuts scrolls from the keyboard; "Fechar" stays in view.
  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Atalhos de teclado' });
  await step(page, 'shortcuts', 'pt-BR', (where) => expectPrimary(help.getByRole('button', { name: 'Fechar (Esc)' }), where));
  await page.keyboard.press('End');
  await expect.poll(() => inViewProblem(help.locator('dd').last())).toBeNull();
  await page.keyboard.press('Escape');
  await expect(list).toBeFocused();

  // "+": contact, channel, team, template, parameters; "Iniciar atendimento" and the cost in view.
  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Iniciar atendimento' });
  await page.keyboard.type('joao da silva');
  await expect(start.getByRole('option').first()).toContainText('João da Silva');
  await step(page, 'start-contact', 'pt-BR');
  await page.keyboard.press('Enter');
  await expect(start.getByRole('heading', { name: 'Selecione o canal' })).toBeVisible();
  await expect(start.getByRole('option').first()).toBeVisible();
  await step(page, 'start-channel', 'pt-BR');
  await officialChannelAndTeam(page, start);
  await expect(start.getByRole('heading', { name: 'Selecione o modelo de mensagem' })).toBeVisible();
  await expect(start.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('End');
  await step(page, 'start-template', 'pt-BR');
  await page.keyboard.press('Home');
  await pickTemplate(page, start, 'boas_vindas');
  await page.keyboard.type('João');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await expect(start.getByTestId('cost')).toContainText('US$');
  await step(page, 'start-params', 'pt-BR', async (where) => {
    await expectPrimary(start.getByRole('button', { name: 'Iniciar atendimento' }), where);
    await expectInView(start.getByTestId('cost'), 'what the start costs', where);
  });
  await page.keyboard.press('Enter');
  await expect(start).toBeHidden();

  // The conversation: the box has the keyboard and is in view, with its keys line, at every size.
  await expect(page.getByRole('heading', { name: 'João da Silva' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Mensagem', { exact: true });
  await expect(box).toBeFocused();
  const keysLine = page.locator('.conversation > p.keys');
  await step(page, 'conversation', 'pt-BR', (where) => expectInView(keysLine, 'the keys line under the box', where));
  await page.keyboard.type('Segue o boleto atualizado');
  await page.keyboard.press('Enter');
  const queued = page.getByRole('listitem').filter({ hasText: 'Segue o boleto atualizado' });
  await expect(queued.getByRole('button', { name: 'Cancelar envio' })).toBeVisible();
  await shiftTabTo(page, queued.getByRole('button', { name: 'Cancelar envio' }));
  await step(page, 'queued-cancel', 'pt-BR');
  // João replies: the message goes out and its "Cancelar envio" goes away; the keyboard is back in the box, not lost.
  await contactSends(d, 'João da Silva', { text: 'Oi! Tudo bem, pode falar.' });
  await expect(queued.getByRole('button', { name: 'Cancelar envio' })).toHaveCount(0, { timeout: 15_000 });
  await expect(box).toBeFocused();

  // He goes on (more than the list shows at once): the list stays on the newest message, also once the note's label takes a line.
  for (const text of ['Recebi o boleto, mas o valor veio diferente do combinado.', 'Era para ser R$ 89,90 por mês.', 'Vocês podem conferir, por favor?', 'Fico no aguardo.']) {
    await contactSends(d, 'João da Silva', { text });
  }
  const messages = page.locator('.conversation .messages > li');
  const reply = messages.filter({ hasText: 'Fico no aguardo.' });
  await expect(reply).toHaveCount(1);
  await page.keyboard.press('Alt+n');
  await expect(page.getByLabel('Nota interna — só a equipe vê')).toBeFocused();
  await step(page, 'note', 'pt-BR', (where) => expectInView(reply, 'the contact’s last message, the newest', where));
  // The list taller than its box: a region the keyboard can scroll (axe's scrollable-region-focusable), among the rest of WCAG AA.
  expect(await axeViolations(page, 'conversation at 853×480')).toEqual([]);
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
  // PageUp / PageDown in the box read back and return, the box keeping the keyboard.
  for (let i = 0; i < 4; i++) await page.keyboard.press('PageUp');
  await expectInView(messages.first(), 'the first message after PageUp', 'conversation at 853×480');
  await expect(box).toBeFocused();
  for (let i = 0; i < 4; i++) await page.keyboard.press('PageDown');
  await expectInView(reply, 'the newest message after PageDown', 'conversation at 853×480');

  // "/": the quick replies open above the box; both stay in view.
  await page.keyboard.type('/obr');
  const replies = page.getByRole('listbox', { name: 'Respostas rápidas' });
  await expect(replies.getByRole('option', { selected: true })).toContainText('/obrigado');
  await step(page, 'quick-replies', 'pt-BR', (where) => expectInView(replies.getByRole('option', { selected: true }), 'the chosen quick reply', where));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Delete');

  await page.keyboard.press('Control+f');
  await expect(page.getByRole('searchbox', { name: 'Buscar na conversa' })).toBeFocused();
  await page.keyboard.type('tudo');
  await expect(page.getByTestId('find-count')).toHaveText(/^1 de \d+$/);
  await step(page, 'find', 'pt-BR', (where) => expectInView(page.getByTestId('find-current'), 'the match', where));
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();

  // Alt+T: the list, then the note for whoever receives it with "Transferir" in view.
  await page.keyboard.press('Alt+t');
  const transfer = page.getByRole('dialog', { name: 'Transferir atendimento' });
  await expect(transfer.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('End');
  await step(page, 'transfer', 'pt-BR');
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  await expect(transfer.getByRole('textbox', { name: 'Nota para quem recebe (opcional)' })).toBeFocused();
  await step(page, 'transfer-confirm', 'pt-BR', (where) => expectPrimary(transfer.getByRole('button', { name: 'Transferir' }), where));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(transfer).toBeHidden();
  await expect(box).toBeFocused();

  // Alt+G: template, parameters ("Escolher o momento" in view), the moment ("Agendar" in view, then focused).
  await page.keyboard.press('Alt+g');
  const schedule = page.getByRole('dialog', { name: 'Agendar modelo' });
  await pickTemplate(page, schedule, 'boas_vindas');
  await page.keyboard.type('João');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await step(page, 'schedule-parameters', 'pt-BR', (where) => expectPrimary(schedule.getByRole('button', { name: 'Escolher o momento' }), where));
  await page.keyboard.press('Enter');
  await expect(schedule.getByRole('heading', { name: 'Quando enviar boas_vindas?' })).toBeVisible();
  await step(page, 'schedule-moment', 'pt-BR', (where) => expectInView(schedule.getByRole('button', { name: 'Agendar' }), 'the button "Agendar"', where));
  await page.keyboard.press('Enter');
  await expect(schedule.getByRole('button', { name: 'Agendar' })).toBeFocused();
  await step(page, 'schedule-chosen', 'pt-BR', (where) => expectPrimary(schedule.getByRole('button', { name: 'Agendar' }), where));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(schedule).toBeHidden();

  // Alt+H: the list, then one read-only; the keyboard scrolls its messages down to the last (a note).
  await page.keyboard.press('Alt+h');
  const history = page.getByRole('dialog', { name: 'Atendimentos anteriores' });
  await expect(history.getByTestId('history-note')).toBeHidden({ timeout: 15_000 });
  await step(page, 'history', 'pt-BR');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('past-banner')).toBeVisible();
  const past = page.locator('.past-conversation .messages > li');
  await expect(page.getByTestId('note-heading')).toContainText('Nota interna · João Pedro Araújo');
  // It opens on its newest message; Home goes back to its first (the keyboard is on the messages).
  await expectInView(past.last(), 'the last message', 'past at 853×480');
  await page.keyboard.press('Home');
  // The list scrolls there smoothly: judged once it has arrived, not mid-way.
  await expect.poll(() => page.locator('.past-conversation .messages').evaluate((list) => list.scrollTop)).toBe(0);
  await step(page, 'past', 'pt-BR', (where) => expectInView(past.first(), 'the first message, after Home', where));
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
});

test('in English at 853×480, 1024×576 and 1366×768: login, the desk, the start flow and a conversation’s dialogs', async ({ page }) => {
  const d = desk();
  await page.setViewportSize(SIZES[0]);
  await page.goto(d.host.url);
  // The language from the login screen: Shift+Tab to it, ↓ English.
  await expect(page.getByLabel('E-mail ou telefone')).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByLabel('Idioma')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('heading', { name: 'Sign in to Helena Desk' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('E-mail or phone')).toBeFocused();
  await page.keyboard.type(ANA);
  await step(page, 'login', 'en', (where) => expectPrimary(page.getByRole('button', { name: 'Get code' }), where));
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Access code')).toBeFocused();
  await page.keyboard.type(await latestCode(d, ANA));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connectivity')).toHaveText('Online', { timeout: 15_000 });
  await d.core.whenSynced();
  await expect(page.getByRole('listbox', { name: 'Conversations' })).toBeFocused();
  await step(page, 'desk', 'en');

  await page.keyboard.press('F1');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await step(page, 'shortcuts', 'en', (where) => expectPrimary(help.getByRole('button', { name: 'Close (Esc)' }), where));
  await page.keyboard.press('Escape');

  await page.keyboard.press('+');
  const start = page.getByRole('dialog', { name: 'Start a conversation' });
  await page.keyboard.type('vinicius romao');
  await expect(start.getByRole('option').first()).toContainText('Vinícius Romão');
  await step(page, 'start-contact', 'en');
  await page.keyboard.press('Enter');
  await expect(start.getByRole('heading', { name: 'Select the channel' })).toBeVisible();
  await arrowTo(page, start, 'WhatsApp Oficial');
  await page.keyboard.press('Enter');
  await expect(start.getByRole('option', { selected: true })).toBeVisible();
  await page.keyboard.press('Enter');
  await arrowTo(page, start, 'boas_vindas');
  await page.keyboard.press('Enter');
  await expect(start.getByLabel('nome')).toBeFocused();
  await page.keyboard.type('Vinícius');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await expect(start.getByTestId('cost')).toContainText('$0.0');
  await step(page, 'start-params', 'en', (where) => expectPrimary(start.getByRole('button', { name: 'Start conversation' }), where));
  await page.keyboard.press('Enter');
  await expect(start).toBeHidden();

  await expect(page.getByRole('heading', { name: 'Vinícius Romão' })).toBeVisible({ timeout: 15_000 });
  const box = page.getByLabel('Message', { exact: true });
  await expect(box).toBeFocused();
  await step(page, 'conversation', 'en');
  expect(await axeViolations(page, 'conversation in English')).toEqual([]);

  await page.keyboard.press('Alt+e');
  const edit = page.getByRole('dialog', { name: 'Edit contact' });
  await expect(edit.getByLabel('Name')).toBeFocused();
  await step(page, 'contact-edit', 'en', (where) => expectPrimary(edit.getByRole('button', { name: 'Save' }), where));
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();

  await page.keyboard.press('Alt+g');
  const schedule = page.getByRole('dialog', { name: 'Schedule template' });
  await arrowTo(page, schedule, 'boas_vindas');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Vinícius');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Ana');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(schedule.getByRole('button', { name: 'Schedule' })).toBeFocused();
  await step(page, 'schedule-chosen', 'en', (where) => expectPrimary(schedule.getByRole('button', { name: 'Schedule' }), where));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(schedule).toBeHidden();

  await page.keyboard.press('Alt+t');
  const transfer = page.getByRole('dialog', { name: 'Transfer conversation' });
  await expect(transfer.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Enter');
  await step(page, 'transfer-confirm', 'en', (where) => expectPrimary(transfer.getByRole('button', { name: 'Transfer' }), where));
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
});

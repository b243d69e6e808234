/**
 * Right-click in the window. Electron shows no context menu of its own: without this, a right-click
 * in the message box offers neither "Colar" nor the fixes for a word the spellchecker underlined,
 * and agents write all day, fast, in Portuguese. Only text actions: no "Inspecionar", no reload.
 */
import { clipboard, Menu, type ContextMenuParams, type MenuItemConstructorOptions, type Session, type WebContents } from 'electron';

/** Suggestions shown for an underlined word: the spellchecker's first few are the useful ones. */
const MAX_SUGGESTIONS = 5;

export type MenuParams = Pick<ContextMenuParams, 'isEditable' | 'selectionText' | 'misspelledWord' | 'dictionarySuggestions' | 'editFlags' | 'linkURL'>;

export interface MenuActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
  copyText(text: string): void;
}

/** What a right-click offers where it happened; empty: nothing to offer (no menu at all). */
export function contextMenuTemplate(params: MenuParams, actions: MenuActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [];
  if (params.isEditable && params.misspelledWord) {
    const suggestions = params.dictionarySuggestions.slice(0, MAX_SUGGESTIONS);
    for (const suggestion of suggestions) items.push({ label: suggestion, click: () => actions.replaceMisspelling(suggestion) });
    if (suggestions.length === 0) items.push({ label: 'Nenhuma sugestão', enabled: false });
    const word = params.misspelledWord;
    items.push({ label: `Adicionar "${word}" ao dicionário`, click: () => actions.addToDictionary(word) }, { type: 'separator' });
  }
  if (params.isEditable) {
    items.push(
      { role: 'cut', label: 'Recortar', enabled: params.editFlags.canCut },
      { role: 'copy', label: 'Copiar', enabled: params.editFlags.canCopy },
      { role: 'paste', label: 'Colar', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', label: 'Selecionar tudo', enabled: params.editFlags.canSelectAll },
    );
  } else if (params.selectionText.trim() !== '') {
    items.push({ role: 'copy', label: 'Copiar' });
  }
  // Links in messages open in the browser (window.ts); their address is worth copying too.
  if (/^https?:\/\//i.test(params.linkURL)) {
    const link = params.linkURL;
    if (items.length > 0) items.push({ type: 'separator' });
    items.push({ label: 'Copiar endereço do link', click: () => actions.copyText(link) });
  }
  return items;
}

export function offerContextMenu(contents: WebContents, session: Pick<Session, 'addWordToSpellCheckerDictionary'>): void {
  contents.on('context-menu', (_event, params) => {
    const template = contextMenuTemplate(params, {
      replaceMisspelling: (word) => contents.replaceMisspelling(word),
      addToDictionary: (word) => session.addWordToSpellCheckerDictionary(word),
      copyText: (text) => clipboard.writeText(text),
    });
    if (template.length > 0) Menu.buildFromTemplate(template).popup();
  });
}

/**
 * Spellchecking in Portuguese, then English, where Electron lets the app choose (Windows and Linux;
 * macOS uses the system's own languages). Languages this Electron does not know are left out
 * rather than failing the start.
 */
export function spellcheckInPortuguese(session: Pick<Session, 'setSpellCheckerLanguages' | 'availableSpellCheckerLanguages'>, platform: NodeJS.Platform): void {
  if (platform === 'darwin') return;
  const wanted = ['pt-BR', 'en-US'].filter((language) => session.availableSpellCheckerLanguages.includes(language));
  if (wanted.length > 0) session.setSpellCheckerLanguages(wanted);
}

import { describe, expect, it } from 'vitest';
import { BrowserWindow, Menu, resetElectronStub, session } from './testing/electron-stub';
import { contextMenuTemplate, spellcheckInPortuguese, type MenuParams } from './context-menu';
import { createMainWindow } from './window';

const ALL_EDITS = { canUndo: true, canRedo: true, canCut: true, canCopy: true, canPaste: true, canDelete: true, canSelectAll: true, canEditRichly: false };
const params = (overrides: Partial<MenuParams>): MenuParams => ({
  isEditable: false, selectionText: '', misspelledWord: '', dictionarySuggestions: [], editFlags: ALL_EDITS, linkURL: '', ...overrides,
});
const noActions = { replaceMisspelling: () => undefined, addToDictionary: () => undefined, copyText: () => undefined };
const labels = (p: MenuParams) => contextMenuTemplate(p, noActions).map((item) => item.label ?? `—${item.type ?? ''}`);

describe('right-click', () => {
  it('in the message box: the underlined word’s fixes first, then cut, copy, paste and select all, in pt-BR', () => {
    expect(labels(params({ isEditable: true, misspelledWord: 'atendimeto', dictionarySuggestions: ['atendimento', 'atendimentos'] }))).toEqual([
      'atendimento', 'atendimentos', 'Adicionar "atendimeto" ao dicionário', '—separator', 'Recortar', 'Copiar', 'Colar', '—separator', 'Selecionar tudo',
    ]);
    expect(labels(params({ isEditable: true, misspelledWord: 'xyzw' }))[0]).toBe('Nenhuma sugestão');
    expect(labels(params({ isEditable: true }))).toEqual(['Recortar', 'Copiar', 'Colar', '—separator', 'Selecionar tudo']);
  });

  it('on a message: copy when text is selected, the link’s address on a link, and nothing at all elsewhere (no "Inspecionar")', () => {
    expect(labels(params({ selectionText: 'boleto 123' }))).toEqual(['Copiar']);
    expect(labels(params({ linkURL: 'https://pagamento.example/boleto' }))).toEqual(['Copiar endereço do link']);
    expect(labels(params({ linkURL: 'javascript:alert(1)' }))).toEqual([]);
    expect(labels(params({}))).toEqual([]);
  });

  it('in the window: a suggestion replaces the word, "Adicionar" teaches the dictionary, and an empty spot shows no menu', () => {
    resetElectronStub();
    Menu.popups.length = 0;
    createMainWindow({ preloadPath: '/p.cjs' });
    const contents = BrowserWindow.instances.at(-1)!.webContents;
    contents.fire('context-menu', {}, params({ isEditable: true, misspelledWord: 'obrigado', dictionarySuggestions: ['obrigada'] }));
    const menu = Menu.popups.at(-1) ?? [];
    menu.find((item) => item.label === 'obrigada')?.click?.();
    menu.find((item) => item.label?.startsWith('Adicionar'))?.click?.();
    expect(contents.replacedMisspellings).toEqual(['obrigada']);
    expect(session.defaultSession.dictionaryWords).toEqual(['obrigado']);
    contents.fire('context-menu', {}, params({}));
    expect(Menu.popups).toHaveLength(1);
  });

  it('spellchecks in Portuguese then English where Electron lets the app choose, leaving out what it has no dictionary for', () => {
    const ses = { availableSpellCheckerLanguages: ['pt-BR', 'es'], spellCheckerLanguages: [] as string[], setSpellCheckerLanguages(l: string[]) { this.spellCheckerLanguages = l; } };
    spellcheckInPortuguese(ses, 'win32');
    expect(ses.spellCheckerLanguages).toEqual(['pt-BR']);
    const mac = { ...ses, spellCheckerLanguages: [] as string[] };
    spellcheckInPortuguese(mac, 'darwin');
    expect(mac.spellCheckerLanguages).toEqual([]);
  });
});

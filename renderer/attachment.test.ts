/** Attaching a file in the conversation screen: the shortcut, the chip's words, the refusal at the pick, the upload's percent. */
import { describe, expect, it } from 'vitest';
import { fileLabel, isAttachShortcut, pickedFile, refusalText, uploadPercent } from './screens/attachment';

const key = (k: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({
  key: k, altKey: false, ctrlKey: false, metaKey: false, ...mods,
});

describe('attaching a file', () => {
  it('is Alt+U, also where Option+U types another character (a Mac), and not Ctrl+Alt+U', () => {
    expect(isAttachShortcut(key('u', { altKey: true }))).toBe(true);
    expect(isAttachShortcut(key('¨', { altKey: true, code: 'KeyU' }))).toBe(true);
    expect(isAttachShortcut(key('u'))).toBe(false);
    expect(isAttachShortcut(key('u', { altKey: true, ctrlKey: true }))).toBe(false);
  });

  it('shows the file as "📎 name · size" in the agent’s language', () => {
    expect(fileLabel({ name: 'boleto.pdf', size: 120_400 }, 'pt-BR')).toBe('📎 boleto.pdf · 120 KB');
    expect(fileLabel({ name: 'contrato.pdf', size: 1_234_567 }, 'pt-BR')).toBe('📎 contrato.pdf · 1,2 MB');
    expect(fileLabel({ name: 'contrato.pdf', size: 1_234_567 }, 'en')).toBe('📎 contrato.pdf · 1.2 MB');
    expect(fileLabel({ name: null, size: null }, 'en')).toBe('📎 ');
  });

  it('refuses at the pick what WhatsApp would not take, naming the limit', () => {
    const fine = pickedFile({ name: 'boleto.pdf', type: 'application/pdf', size: 120_000 });
    expect(refusalText(fine, 'pt-BR')).toBeNull();
    const photo = pickedFile({ name: 'foto.png', type: 'image/png', size: 7_300_000 });
    expect(refusalText(photo, 'pt-BR')).toBe('"foto.png" tem 7,3 MB; o WhatsApp aceita imagens de até 5 MB. Diminua a imagem ou anexe-a em PDF.');
    expect(refusalText(photo, 'en')).toContain('WhatsApp takes images of up to 5 MB');
    expect(refusalText(pickedFile({ name: 'planilha.ods', type: 'application/vnd.oasis.opendocument.spreadsheet', size: 10 }), 'pt-BR')).toContain('Anexe PDF, Word, Excel');
  });

  it('says how far an upload got', () => {
    expect(uploadPercent(undefined)).toBeNull();
    expect(uploadPercent({ sent: 0, total: 0 })).toBeNull();
    expect(uploadPercent({ sent: 450, total: 1000 })).toBe(45);
    expect(uploadPercent({ sent: 999, total: 1000 })).toBe(99);
    expect(uploadPercent({ sent: 1000, total: 1000 })).toBeNull();
  });
});

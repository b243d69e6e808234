import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, zoomLevelAfter } from './app-menu';

describe('application menu', () => {
  it('none on Windows and Linux: no English menu bar, no Ctrl+R reload or developer tools, and Alt+E / Alt+H stay the app’s', () => {
    expect(applicationMenuTemplate('win32')).toBeNull();
    expect(applicationMenuTemplate('linux')).toBeNull();
  });

  it('on macOS only what copy and paste in text fields and quitting need, in pt-BR; no reload, no developer tools', () => {
    const template = applicationMenuTemplate('darwin') ?? [];
    const roles = template.flatMap((menu) => (Array.isArray(menu.submenu) ? menu.submenu.map((item) => item.role) : []));
    expect(roles).toEqual(expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'undo', 'redo', 'quit']));
    expect(roles).not.toContain('reload');
    expect(roles).not.toContain('forceReload');
    expect(roles).not.toContain('toggleDevTools');
    expect(template.map((menu) => menu.label)).toEqual(['Helena Desk', 'Editar', 'Janela']);
  });
});

describe('zoom keys', () => {
  const key = (k: string, mods: { control?: boolean; meta?: boolean; alt?: boolean; type?: 'keyDown' | 'keyUp' } = {}) => ({
    type: mods.type ?? 'keyDown',
    key: k,
    control: mods.control ?? true,
    meta: mods.meta ?? false,
    alt: mods.alt ?? false,
  });

  it('Ctrl (or ⌘) with +, - and 0 zooms in, out and back, within bounds', () => {
    expect(zoomLevelAfter(0, key('+'))).toBe(0.5);
    expect(zoomLevelAfter(0, key('='))).toBe(0.5);
    expect(zoomLevelAfter(0.5, key('-', { control: false, meta: true }))).toBe(0);
    expect(zoomLevelAfter(2, key('0'))).toBe(0);
    expect(zoomLevelAfter(4, key('+'))).toBe(4);
    expect(zoomLevelAfter(-3, key('-'))).toBe(-3);
  });

  it('leaves every other key to the page: plain +, Alt shortcuts, key releases, Ctrl+F', () => {
    expect(zoomLevelAfter(0, key('+', { control: false }))).toBeNull();
    expect(zoomLevelAfter(0, key('+', { alt: true }))).toBeNull();
    expect(zoomLevelAfter(0, key('+', { type: 'keyUp' }))).toBeNull();
    expect(zoomLevelAfter(0, key('f'))).toBeNull();
  });
});

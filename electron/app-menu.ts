/**
 * The application menu. Electron's default one (File, Edit, View, Window, Help) is in English, puts
 * Reload and the developer tools under an agent's fingers (Ctrl+R, Ctrl+Shift+I), and on Windows
 * and Linux its menu bar answers Alt+E and Alt+H, which are this keyboard-first app's own shortcuts
 * (Alt+H: the contact's earlier conversations). So: no menu on Windows and Linux (text fields still
 * cut, copy and paste: Chromium does that itself), and on macOS only what macOS needs for those keys
 * and for quitting, in pt-BR. Zoom, which the default menu also carried, is kept on its keys below.
 */
import type { Input, MenuItemConstructorOptions, WebContents } from 'electron';

export function applicationMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] | null {
  if (platform !== 'darwin') return null;
  return [
    {
      label: 'Helena Desk',
      submenu: [
        { role: 'about', label: 'Sobre o Helena Desk' },
        { type: 'separator' },
        { role: 'hide', label: 'Ocultar o Helena Desk' },
        { role: 'hideOthers', label: 'Ocultar os outros' },
        { role: 'unhide', label: 'Mostrar tudo' },
        { type: 'separator' },
        { role: 'quit', label: 'Sair do Helena Desk' },
      ],
    },
    {
      // Without these roles ⌘C, ⌘V, ⌘X, ⌘A and ⌘Z do nothing in the app's text fields on macOS.
      label: 'Editar',
      submenu: [
        { role: 'undo', label: 'Desfazer' },
        { role: 'redo', label: 'Refazer' },
        { type: 'separator' },
        { role: 'cut', label: 'Recortar' },
        { role: 'copy', label: 'Copiar' },
        { role: 'paste', label: 'Colar' },
        { role: 'selectAll', label: 'Selecionar tudo' },
      ],
    },
    { label: 'Janela', submenu: [{ role: 'minimize', label: 'Minimizar' }, { role: 'close', label: 'Fechar janela' }] },
  ];
}

/** Chromium's zoom levels: each step is 20 % (level 1 = 120 %); bounded where the desk still fits. */
const ZOOM_STEP = 0.5;
const ZOOM_MIN = -3;
const ZOOM_MAX = 4;

/** What Ctrl (⌘) with a key does to the zoom level, or null when the key is not a zoom key. */
export function zoomLevelAfter(level: number, input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt'>): number | null {
  if (input.type !== 'keyDown' || !(input.control || input.meta) || input.alt) return null;
  if (input.key === '0') return 0;
  if (input.key === '+' || input.key === '=') return Math.min(ZOOM_MAX, level + ZOOM_STEP);
  if (input.key === '-') return Math.max(ZOOM_MIN, level - ZOOM_STEP);
  return null;
}

/** Ctrl (⌘) and +, - or 0 zoom the window as in a browser: agents who need larger text rely on it. */
export function zoomOnKeys(contents: WebContents): void {
  contents.on('before-input-event', (event, input) => {
    const next = zoomLevelAfter(contents.getZoomLevel(), input);
    if (next === null) return;
    event.preventDefault();
    contents.setZoomLevel(next);
  });
}

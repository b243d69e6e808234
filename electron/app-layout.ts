/**
 * Where the shell finds its own files, from the folder main.cjs runs in. The same layout holds in a
 * checkout (dist/electron/) and in a packaged app (resources/app.asar/dist/electron/): the build
 * (scripts/build.ts) writes it and electron-builder.yml packs dist/** as it is. The packaging test
 * (scripts/package-app.test.ts) checks every path here against a real package.
 */
import path from 'node:path';
import { INSTALLER_SERVER_FILE } from '../src/server-setup/server-file';

export interface ShellLayout {
  /** The checkout, or app.asar in a packaged app. */
  projectRoot: string;
  rendererDir: string;
  rendererIndex: string;
  preloadPath: string;
  /** The tray's icon (16 px, with tray-icon@2x.png beside it, which nativeImage picks on a 200 % screen). */
  iconPath: string;
  /** The window's icon: the app icon, not the tray's 16 px one, which a taskbar would blow up blurred. */
  windowIconPath: string;
  /** The core's utilityProcess entry; may sit inside app.asar (a utilityProcess reads it from there). */
  coreEntry: string;
}

export function shellLayout(bundleDir: string): ShellLayout {
  const rendererDir = path.resolve(bundleDir, '..', 'renderer');
  return {
    projectRoot: path.resolve(bundleDir, '..', '..'),
    rendererDir,
    rendererIndex: path.join(rendererDir, 'index.html'),
    preloadPath: path.join(bundleDir, 'preload.cjs'),
    iconPath: path.join(bundleDir, 'tray-icon.png'),
    windowIconPath: path.join(bundleDir, 'window-icon.png'),
    coreEntry: path.join(bundleDir, 'core-process.cjs'),
  };
}

/**
 * The server address IT baked into this installer (`HELENA_URL=… npm run dist`), beside app.asar in
 * resources/, where an agent's account cannot write. Only a package has one: run from a checkout,
 * resourcesPath is Electron's own folder.
 */
/**
 * Windows' application user model ID. Windows shows an app's toasts (the contact-replied
 * notification) and groups its windows under its taskbar icon only when the running process
 * declares the ID its Start-menu shortcut carries, which the installer takes from
 * electron-builder.yml's appId (a test holds the two equal). Run from a checkout there is no
 * shortcut: Electron's own executable is the ID that works there.
 */
export const APP_USER_MODEL_ID = 'br.com.helena.desk';

export function appUserModelId(packaged: boolean, execPath: string): string {
  return packaged ? APP_USER_MODEL_ID : execPath;
}

export function installerServerFile(packaged: boolean, resourcesPath: string): string | null {
  return packaged ? path.join(resourcesPath, INSTALLER_SERVER_FILE) : null;
}

/**
 * Where electron-builder writes the update feed baked in by `HELENA_UPDATE_URL=… npm run dist`
 * (its publish config), and where electron-updater reads it: resources/, beside app.asar
 * (ElectronAppAdapter.appUpdateConfigPath in electron-updater). Only a package has one.
 */
export const UPDATE_CONFIG_FILE = 'app-update.yml';

export function updateConfigFile(packaged: boolean, resourcesPath: string): string | null {
  return packaged ? path.join(resourcesPath, UPDATE_CONFIG_FILE) : null;
}

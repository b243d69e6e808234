/**
 * Where the core finds better-sqlite3 built for Electron. node_modules keeps the build for Node
 * (npm test runs the core under Node); Electron has another ABI, so:
 * - a development checkout (`npm start`) has a copy in .electron-native/<electron version>/, made by
 *   scripts/electron-native.ts;
 * - a packaged app (`npm run dist`) carries that same copy in app.asar.unpacked, at the place
 *   better-sqlite3's own loader (`bindings`) looks, outside the asar because a native module is
 *   loaded by the OS from a real file, and the core's utilityProcess cannot load one from inside an asar.
 * The core is always given the path explicitly, so neither case depends on asar redirection.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR_NAME = '.electron-native';
export const NATIVE_FILE_NAME = 'better_sqlite3.node';

/** The file's place inside the app, relative to app.asar (and to app.asar.unpacked, where it really is). */
export const PACKAGED_NATIVE_RELATIVE = path.join('node_modules', 'better-sqlite3', 'build', 'Release', NATIVE_FILE_NAME);

export function electronNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return path.join(projectRoot, NATIVE_DIR_NAME, electronVersion, NATIVE_FILE_NAME);
}

/** process.resourcesPath of a packaged app → the unpacked file the core loads. */
export function packagedNativeBindingPath(resourcesPath: string): string {
  return path.join(resourcesPath, 'app.asar.unpacked', PACKAGED_NATIVE_RELATIVE);
}

/** The Electron build of better-sqlite3 when there is one; undefined lets the store use node_modules' own. */
export function findNativeBinding(projectRoot: string, electronVersion: string | undefined): string | undefined {
  if (!electronVersion) return undefined;
  const file = electronNativeBindingPath(projectRoot, electronVersion);
  return existsSync(file) ? file : undefined;
}

export interface NativeBindingPlace {
  packaged: boolean;
  /** process.resourcesPath; only read when packaged. */
  resourcesPath: string | undefined;
  projectRoot: string;
  electronVersion: string | undefined;
}

/**
 * The path to hand the core. A packaged app always names its unpacked copy, even if missing: the
 * core then fails with that path in the message, rather than falling back to a loader that may
 * pick a file of the wrong ABI.
 */
export function nativeBindingFor(place: NativeBindingPlace): string | undefined {
  if (place.packaged && place.resourcesPath) return packagedNativeBindingPath(place.resourcesPath);
  return findNativeBinding(place.projectRoot, place.electronVersion);
}

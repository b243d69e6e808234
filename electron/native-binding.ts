/**
 * Where better-sqlite3 built for Electron lives in a development checkout. node_modules keeps the
 * build for Node (npm test runs under Node); Electron has another ABI, so `npm start` builds a copy
 * (scripts/electron-native.ts) into .electron-native/<electron version>/. Packaged apps rebuild
 * node_modules for Electron instead (electron-builder npmRebuild) and have no such folder.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR_NAME = '.electron-native';
export const NATIVE_FILE_NAME = 'better_sqlite3.node';

export function electronNativeBindingPath(projectRoot: string, electronVersion: string): string {
  return path.join(projectRoot, NATIVE_DIR_NAME, electronVersion, NATIVE_FILE_NAME);
}

/** The Electron build of better-sqlite3 when there is one; undefined lets the store use node_modules' own. */
export function findNativeBinding(projectRoot: string, electronVersion: string | undefined): string | undefined {
  if (!electronVersion) return undefined;
  const file = electronNativeBindingPath(projectRoot, electronVersion);
  return existsSync(file) ? file : undefined;
}

/**
 * Which better-sqlite3 goes into a package. Never node_modules' own: that is built for Node's ABI
 * (npm test needs it there), and rebuilding it in place for Electron (electron-builder's npmRebuild)
 * would break npm test until the next npm install. The package carries the copy scripts/electron-native.ts
 * makes for npm start in .electron-native/<electron version>/: reused when present and of Electron's
 * ABI, made when missing (prebuilt download or a compile against Electron's headers), and made again
 * when the file there is for another ABI (a copy from elsewhere, or one built against Node's headers).
 */
import { moduleAbiOf } from './electron-native';

export type NativePlan =
  /** .electron-native already has Electron's build: no download, no compiler. */
  | { action: 'reuse' }
  /** Make it with ensureElectronNative; `discardStale` when the file there is for another ABI and must go first. */
  | { action: 'build'; discardStale: boolean };

export interface NativePlanInput {
  /** node_modules/electron/abi_version; null when it cannot be read. */
  electronAbi: number | null;
  /** The bytes of .electron-native/<version>/better_sqlite3.node, or null when there is none. */
  existing: Buffer | null;
}

export function planPackagedNative(input: NativePlanInput): NativePlan {
  if (!input.existing) return { action: 'build', discardStale: false };
  const abi = moduleAbiOf(input.existing);
  if (input.electronAbi !== null && abi !== null && abi !== input.electronAbi) return { action: 'build', discardStale: true };
  return { action: 'reuse' };
}

export type NativeCheck = { ok: true } | { ok: false; message: string };

/** The last word before packing: the file must say it is for Electron's ABI, whoever made it. */
export function checkPackagedNative(binary: Buffer, electronVersion: string, electronAbi: number | null): NativeCheck {
  const abi = moduleAbiOf(binary);
  if (electronAbi === null || abi === null || abi === electronAbi) return { ok: true };
  return {
    ok: false,
    message:
      `O better-sqlite3 preparado para o Electron ${electronVersion} é de outra versão (ABI ${abi}; o Electron usa ${electronAbi}). ` +
      'Apague a pasta .electron-native e rode npm run dist de novo.',
  };
}

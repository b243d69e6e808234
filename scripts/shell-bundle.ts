/**
 * How a shell entry (main, preload, the core's process) is bundled for Electron: a CommonJS bundle
 * for its Node 22, leaving Electron and the native better-sqlite3 to the runtime. One definition for
 * the build (scripts/build.ts) and for the tests that run the core's process for real
 * (electron/testing/utility-process-stub.ts), so the tests run what the app runs.
 */
import type { BuildOptions } from 'esbuild';

export function shellBundleOptions(entryPoint: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    sourcemap: true,
    external: ['electron', 'better-sqlite3'],
    logLevel: 'warning',
  };
}

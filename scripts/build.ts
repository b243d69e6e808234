/**
 * `npm run build`: bundles the Electron main process and preload with esbuild (fast, no config,
 * one dependency; electron-vite would add a second Vite pipeline we do not need) and the renderer
 * with Vite. Parts that do not exist yet are skipped with a message. `npm start` calls buildAll.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build as viteBuild } from 'vite';
import { shellBundleOptions } from './shell-bundle';

/**
 * Files main.ts loads from its own folder, so they travel with dist/** into the package. The tray
 * icon is 16 px with a 32 px @2x (Electron's nativeImage docs: the notification area's small icon is
 * 16x16 at 100 % scale; macOS does not shrink a larger one into its menu bar); the window's icon is
 * the 256 px app icon, which the taskbar and the Alt+Tab switcher scale down.
 */
const SHELL_ASSETS = [
  { from: 'resources/tray-icon.png', to: 'electron/tray-icon.png' },
  { from: 'resources/tray-icon@2x.png', to: 'electron/tray-icon@2x.png' },
  { from: 'resources/icon.png', to: 'electron/window-icon.png' },
];

/**
 * Everything the app runs from, into `outDir` (dist/ by default). The packaging test builds into a
 * folder of its own, so it never rewrites the dist/ that a concurrent `npm start` or e2e run serves.
 */
export async function buildAll(outDir = 'dist'): Promise<void> {
  const entries: { in: string; out: string }[] = [
    { in: 'electron/main.ts', out: 'electron/main.cjs' },
    { in: 'electron/preload.ts', out: 'electron/preload.cjs' },
    // The core's own process (a utilityProcess forked by main.cjs from its folder).
    { in: 'electron/core-process.ts', out: 'electron/core-process.cjs' },
  ];
  for (const entry of entries) {
    if (!existsSync(entry.in)) {
      console.log(`build: ${entry.in} not built yet (Electron shell issue)`);
      continue;
    }
    const out = path.join(outDir, entry.out);
    await bundleShellEntry(entry.in, out);
    console.log(`build: ${out}`);
  }
  if (existsSync('electron/main.ts')) {
    mkdirSync(path.join(outDir, 'electron'), { recursive: true });
    for (const asset of SHELL_ASSETS) copyFileSync(asset.from, path.join(outDir, asset.to));
  }
  await buildRenderer('info', path.join(outDir, 'renderer'));
}

/** One shell entry (main, preload, the core's process) as Electron loads it: a CommonJS bundle for its Node 22. */
export async function bundleShellEntry(entryPoint: string, outfile: string): Promise<void> {
  await build(shellBundleOptions(entryPoint, outfile));
}

/** The renderer into dist/renderer (or `outDir`), which the Electron protocol and the web host both serve. */
export async function buildRenderer(logLevel: 'info' | 'warn' = 'warn', outDir?: string): Promise<void> {
  await viteBuild({ configFile: 'vite.config.ts', logLevel, ...(outDir ? { build: { outDir: path.resolve(outDir), emptyOutDir: true } } : {}) });
}

const isMain = process.argv[1] !== undefined && /scripts[\\/]build\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  buildAll().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

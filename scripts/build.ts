/**
 * `npm run build`: bundles the Electron main process and preload with esbuild (fast, no config,
 * one dependency; electron-vite would add a second Vite pipeline we do not need) and the renderer
 * with Vite. Parts that do not exist yet are skipped with a message.
 */
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { build as viteBuild } from 'vite';

async function main(): Promise<void> {
  const entries: { in: string; out: string }[] = [
    { in: 'electron/main.ts', out: 'dist/electron/main.cjs' },
    { in: 'electron/preload.ts', out: 'dist/electron/preload.cjs' },
  ];
  for (const entry of entries) {
    if (!existsSync(entry.in)) {
      console.log(`build: ${entry.in} not built yet (Electron shell issue)`);
      continue;
    }
    await build({
      entryPoints: [entry.in],
      outfile: entry.out,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node22',
      sourcemap: true,
      external: ['electron', 'better-sqlite3'],
    });
    console.log(`build: ${entry.out}`);
  }
  if (existsSync('renderer/index.html')) await viteBuild({ configFile: 'vite.config.ts' });
  else console.log('build: renderer not built yet (renderer issue)');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

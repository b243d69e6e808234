/**
 * Runs the end-to-end suite in Debian's Chromium, against a fresh build of the renderer (the web
 * host serves dist/renderer). Fails with a clear message (instead of Playwright's offer to
 * download a browser, which cannot work offline) when Chromium is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { buildRenderer } from './build';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`e2e: Chromium not found at ${chromium}. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}
await buildRenderer();
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' } });
process.exit(result.status ?? 1);

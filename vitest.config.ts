import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const electronDir = fileURLToPath(new URL('./electron/', import.meta.url));
const electronStub = fileURLToPath(new URL('./electron/testing/electron-stub.ts', import.meta.url));

// Unit tests live beside the code; integration tests (*.int.test.ts) start a real sandbox
// server on a free port. End-to-end tests in e2e/ run under Playwright, not here.
export default defineConfig({
  plugins: [
    {
      // The Electron binary cannot run under vitest: main-process modules (electron/) get a
      // recording stand-in for `electron`; nothing else may import it (eslint), so only they are rewired.
      name: 'electron-stub-for-shell-tests',
      enforce: 'pre',
      resolveId(source, importer) {
        if (source === 'electron' && importer?.startsWith(electronDir)) return electronStub;
        return null;
      },
    },
  ],
  test: {
    include: [
      'src/**/*.test.ts',
      'sandbox/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.ts',
      'renderer/**/*.test.tsx',
      'scripts/**/*.test.ts',
    ],
    environment: 'node',
    pool: 'forks',
    // Vitest's default (one worker fewer than the CPUs) ran the whole suite in a single worker on
    // CI's 2 cores: 790 s. Most files wait on a sandbox server and timers rather than compute, so
    // two workers there took 423 s on the same machine, all green.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

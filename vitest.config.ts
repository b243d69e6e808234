import { defineConfig } from 'vitest/config';

// Unit tests live beside the code; integration tests (*.int.test.ts) start a real sandbox
// server on a free port. End-to-end tests in e2e/ run under Playwright, not here.
export default defineConfig({
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
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});

/**
 * The outbox integration tests' set-up and teardown in one line: `const rigs = rigPerTest()` at the
 * top of the file, `const r = await rigs.start()` in a test. Apart from harness.ts because the
 * children the crash tests spawn import the harness, and should not load vitest to start.
 */
import { rmSync } from 'node:fs';
import { afterEach } from 'vitest';
import { startRig, tempDir, type Rig, type RigOptions } from './harness';

export interface RigPerTest {
  start(options?: RigOptions): Promise<Rig>;
  /** A temporary folder removed after the test, once the rig (whose store or files may be in it) has closed. */
  tempDir(): string;
}

/**
 * Registers closing the test's rig after each test, one that failed midway included: every outbox
 * it made or tracked (a restarted one too), its stores, the proxy and the sandbox.
 */
export function rigPerTest(): RigPerTest {
  let rig: Rig | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    await rig?.close();
    rig = null;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return {
    async start(options) {
      rig = await startRig(options);
      return rig;
    },
    tempDir() {
      const dir = tempDir();
      dirs.push(dir);
      return dir;
    },
  };
}

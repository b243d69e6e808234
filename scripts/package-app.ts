/**
 * Runs electron-builder for one platform and processor, with electron-builder.yml plus what only
 * a run knows: the Electron build of better-sqlite3 to carry, where Electron comes from, and a
 * staging folder. The result replaces the output folder (release/) only once it is complete and
 * has passed scripts/package-verify.ts; a failure removes the staging folder and says in pt-BR
 * what failed (scripts/package-failure.ts), so there is never a half-made release/.
 */
import { Arch, build, Platform, type Configuration } from 'electron-builder';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NATIVE_FILE_NAME, PACKAGED_NATIVE_RELATIVE } from '../electron/native-binding';
import { INSTALLER_SERVER_FILE, serverFileText } from '../src/server-setup/server-file';
import { describePackagingFailure, PackageCheckError, type PackagingStep } from './package-failure';
import { resourcesDirOf, verifyPackagedApp } from './package-verify';

export interface PackageOptions {
  projectDir: string;
  /** Final folder, relative to projectDir or absolute (release). */
  outputDir: string;
  /** better_sqlite3.node built for this Electron (from .electron-native/). */
  nativeFile: string;
  electronVersion: string;
  electronAbi: number | null;
  platform: Platform;
  arch: Arch;
  /** Only the unpacked app (release/<os>-unpacked), no installer: no installer tools to download. */
  dirOnly: boolean;
  /** A local Electron (an unpacked folder or its zip) instead of electron-builder's download. */
  electronDist?: string;
  /** Passed to electron-builder's download of Electron (checksums, mirror). */
  electronDownload?: Configuration['electronDownload'];
  /**
   * The HelenaCRM this installer starts with (an address checked by the caller), written beside
   * app.asar as INSTALLER_SERVER_FILE; none, and the app asks on its first run.
   */
  defaultServer?: string;
  /**
   * The folder installed apps check for new versions (HELENA_UPDATE_URL, checked by the caller):
   * electron-builder's generic publish config, which it writes beside app.asar as app-update.yml and
   * uses for latest.yml beside the installers. None, and the installed app never updates itself.
   */
  updateFeed?: string;
}

export interface PackageResult {
  outputDir: string;
  /** The installers made (empty with dirOnly). */
  artifacts: string[];
}

/** Failures whose message is for the person running dist (pt-BR, no stack). */
export class PackagingError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PackagingError';
  }
}

/** What this run adds to electron-builder.yml (arrays there are merged with these, objects deep-merged). */
export function packagingOverrides(options: PackageOptions, stagingDir: string, track: (step: PackagingStep) => void, serverFile: string | null = null): Configuration {
  return {
    directories: { output: stagingDir },
    // In resources/, outside the asar: read-only where the app is installed, and readable without unpacking anything.
    ...(serverFile ? { extraResources: [{ from: serverFile, to: INSTALLER_SERVER_FILE }] } : {}),
    files: [{ from: path.dirname(options.nativeFile), to: path.dirname(PACKAGED_NATIVE_RELATIVE), filter: [path.basename(options.nativeFile)] }],
    npmRebuild: false,
    // Only the description of where updates are: build() below runs with publish 'never', so nothing is uploaded.
    publish: options.updateFeed ? [{ provider: 'generic', url: options.updateFeed }] : null,
    ...(options.electronDist ? { electronDist: options.electronDist } : {}),
    ...(options.electronDownload ? { electronDownload: options.electronDownload } : {}),
    afterExtract: () => track({ step: 'app' }),
    afterPack: (context) => {
      // Checked before any installer is built: a broken layout fails in seconds, not after the installers.
      const resourcesDir = resourcesDirOf(context.appOutDir, context.electronPlatformName, context.packager.appInfo.productFilename);
      const problems = verifyPackagedApp({
        resourcesDir,
        electronAbi: options.electronAbi,
        nativeFile: options.nativeFile,
        defaultServer: options.defaultServer ?? null,
        updateFeed: options.updateFeed ?? null,
        // electron-builder's PublishManager writes it before this hook runs ("user handlers are always last").
        updateConfigWritten: context.electronPlatformName === 'linux' || !options.dirOnly,
      });
      if (problems.length > 0) throw new PackageCheckError(problems);
    },
    artifactBuildStarted: (event) => track({ step: 'target', target: event.targetPresentableName }),
  };
}

/** Swaps the finished staging folder in for the output folder, keeping the old one until the swap is done. */
function promote(stagingDir: string, outputDir: string): void {
  const old = `${outputDir}.old-${process.pid}`;
  if (existsSync(outputDir)) renameSync(outputDir, old);
  renameSync(stagingDir, outputDir);
  rmSync(old, { recursive: true, force: true });
}

/** Beside the output folder, so the final rename stays on one file system. */
export function stagingDirFor(outputDir: string): string {
  return `${outputDir}.partial-${process.pid}`;
}

export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  if (path.basename(options.nativeFile) !== NATIVE_FILE_NAME) throw new PackagingError(`O módulo nativo deve se chamar ${NATIVE_FILE_NAME}: ${options.nativeFile}`);
  const outputDir = path.resolve(options.projectDir, options.outputDir);
  const stagingDir = stagingDirFor(outputDir);
  rmSync(stagingDir, { recursive: true, force: true });
  let step: PackagingStep = { step: 'electron' };
  const serverDir = options.defaultServer ? mkdtempSync(path.join(tmpdir(), 'helena-installer-server-')) : null;
  try {
    let serverFile: string | null = null;
    if (serverDir && options.defaultServer) {
      serverFile = path.join(serverDir, INSTALLER_SERVER_FILE);
      writeFileSync(serverFile, serverFileText(options.defaultServer));
    }
    const built = await build({
      projectDir: options.projectDir,
      targets: options.platform.createTarget(options.dirOnly ? 'dir' : null, options.arch),
      config: packagingOverrides(
        options,
        stagingDir,
        (next) => {
          step = next;
        },
        serverFile,
      ),
      publish: 'never',
    });
    promote(stagingDir, outputDir);
    return { outputDir, artifacts: built.map((file) => path.join(outputDir, path.relative(stagingDir, file))) };
  } catch (error) {
    rmSync(stagingDir, { recursive: true, force: true });
    throw new PackagingError(
      describePackagingFailure(step, error, {
        electronVersion: options.electronVersion,
        platform: options.platform.nodeName,
        arch: Arch[options.arch],
        outputDir: path.relative(options.projectDir, outputDir) || outputDir,
      }),
      error,
    );
  } finally {
    if (serverDir) rmSync(serverDir, { recursive: true, force: true });
  }
}

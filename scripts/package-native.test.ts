/**
 * The decisions behind `npm run dist` that the real packaging test cannot reach without the
 * network: which better-sqlite3 goes into the package, where the packaged app looks for it, what
 * this run adds to electron-builder.yml, and how each failure is told in pt-BR.
 */
import { Arch, Platform, type AfterPackContext, type ArtifactBuildStarted } from 'electron-builder';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronNativeBindingPath, nativeBindingFor, packagedNativeBindingPath } from '../electron/native-binding';
import { packagingOverrides, type PackageOptions } from './package-app';
import { describePackagingFailure, isNetworkFailure, PackageCheckError, reasonOf, type FailureContext, type PackagingStep } from './package-failure';
import { checkPackagedNative, planPackagedNative } from './package-native';

const ELECTRON_BUILD = Buffer.from('\0ELF…node_register_module_v140\0');
const NODE_BUILD = Buffer.from('\0ELF…node_register_module_v115\0');

describe('which better-sqlite3 a package carries', () => {
  it('makes the Electron build when .electron-native has none (prebuilt download or headers: needs the network once)', () => {
    expect(planPackagedNative({ electronAbi: 140, existing: null })).toEqual({ action: 'build', discardStale: false });
  });

  it('reuses the one npm start made for this Electron: no download, no compiler', () => {
    expect(planPackagedNative({ electronAbi: 140, existing: ELECTRON_BUILD })).toEqual({ action: 'reuse' });
  });

  it("discards and remakes a file of another ABI, such as Node's build copied in or one built against Node's headers", () => {
    expect(planPackagedNative({ electronAbi: 140, existing: NODE_BUILD })).toEqual({ action: 'build', discardStale: true });
  });

  it("trusts a file whose ABI cannot be read when Electron's cannot either (nothing to compare)", () => {
    expect(planPackagedNative({ electronAbi: null, existing: NODE_BUILD })).toEqual({ action: 'reuse' });
  });

  it("refuses to pack a module of Node's ABI, saying what to delete", () => {
    expect(checkPackagedNative(ELECTRON_BUILD, '45.4.1', 140)).toEqual({ ok: true });
    const refused = checkPackagedNative(NODE_BUILD, '45.4.1', 140);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok ? '' : refused.message).toMatch(/ABI 115; o Electron usa 140.*Apague a pasta \.electron-native/);
  });
});

describe('where the app loads better-sqlite3 from', () => {
  it('packaged: always the unpacked copy beside app.asar, never a checkout path or the asar', () => {
    const resources = path.join('/opt', 'Helena Desk', 'resources');
    const file = nativeBindingFor({ packaged: true, resourcesPath: resources, projectRoot: path.join(resources, 'app.asar'), electronVersion: '45.4.1' });
    expect(file).toBe(packagedNativeBindingPath(resources));
    expect(file).toBe(path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'));
  });

  it('from a checkout: the .electron-native copy when npm start made one, else node_modules (undefined)', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'helena-native-place-'));
    try {
      const place = { packaged: false, resourcesPath: '/unused', projectRoot: root, electronVersion: '45.4.1' };
      expect(nativeBindingFor(place)).toBeUndefined();
      const file = electronNativeBindingPath(root, '45.4.1');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, ELECTRON_BUILD);
      expect(nativeBindingFor(place)).toBe(file);
      expect(nativeBindingFor({ ...place, electronVersion: undefined })).toBeUndefined();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('what a dist run adds to electron-builder.yml', () => {
  const options: PackageOptions = {
    projectDir: '/p',
    outputDir: 'release',
    nativeFile: '/p/.electron-native/45.4.1/better_sqlite3.node',
    electronVersion: '45.4.1',
    electronAbi: 140,
    platform: Platform.LINUX,
    arch: Arch.x64,
    dirOnly: true,
  };

  it('never rebuilds node_modules in place, adds the Electron build where the app looks, and builds into staging', () => {
    const config = packagingOverrides(options, '/p/release.partial-1', () => {});
    expect(config.npmRebuild).toBe(false);
    expect(config.directories).toEqual({ output: '/p/release.partial-1' });
    expect(config.files).toEqual([{ from: '/p/.electron-native/45.4.1', to: path.join('node_modules', 'better-sqlite3', 'build', 'Release'), filter: ['better_sqlite3.node'] }]);
    expect(config.electronDist).toBeUndefined();
  });

  it('marks how far the build got, so a failure can say which download failed', async () => {
    const steps: PackagingStep[] = [];
    const config = packagingOverrides(options, '/p/s', (step) => steps.push(step));
    if (typeof config.afterExtract !== 'function' || typeof config.artifactBuildStarted !== 'function') throw new Error('hooks missing');
    await config.afterExtract({} as AfterPackContext);
    await config.artifactBuildStarted({ targetPresentableName: 'AppImage' } as ArtifactBuildStarted);
    expect(steps).toEqual([{ step: 'app' }, { step: 'target', target: 'AppImage' }]);
  });
});

describe('packaging failures, told in pt-BR', () => {
  const ctx: FailureContext = { electronVersion: '45.4.1', platform: 'linux', arch: 'x64', outputDir: 'release' };
  const offline = Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' });

  it('tells a network error apart from the rest', () => {
    expect(isNetworkFailure(offline)).toBe(true);
    expect(isNetworkFailure(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isNetworkFailure(new Error('Response code 404 (Not Found)'))).toBe(true);
    expect(isNetworkFailure(new Error('Cannot find module x'))).toBe(false);
  });

  it('Electron could not be downloaded: says so, how to retry, and that release/ was left alone', () => {
    const message = describePackagingFailure({ step: 'electron' }, offline, ctx);
    expect(message).toMatch(/^Não foi possível baixar o Electron 45\.4\.1 para linux-x64 \(getaddrinfo ENOTFOUND github\.com\)/);
    expect(message).toContain('Verifique a conexão com a internet e rode npm run dist de novo');
    expect(message).toContain('Nada foi gerado em release/.');
  });

  it("an installer's tools could not be downloaded: offers --dir, which needs none", () => {
    const message = describePackagingFailure({ step: 'target', target: 'AppImage' }, offline, ctx);
    expect(message).toContain('as ferramentas que geram o instalador AppImage');
    expect(message).toContain('npm run dist -- --dir');
  });

  it("the package's own check: lists what is missing and says it is a packaging defect", () => {
    const message = describePackagingFailure({ step: 'app' }, new PackageCheckError(['falta preload: dist/electron/preload.cjs']), ctx);
    expect(message).toContain('  - falta preload: dist/electron/preload.cjs');
    expect(message).toContain('defeito do empacotamento');
  });

  it('anything else: where it stopped and the first line of the error, never the stack', () => {
    const error = new Error('Please specify author \'email\' in the application package.json\n\nSee https://docs.npmjs.com/…');
    error.stack = `${error.message}\n    at FpmTarget.computeFpmMetaInfoOptions (/x/FpmTarget.js:89:24)`;
    const message = describePackagingFailure({ step: 'target', target: 'deb' }, error, ctx);
    expect(message).toBe("O empacotamento falhou ao gerar o instalador deb: Please specify author 'email' in the application package.json\nNada foi gerado em release/.");
    expect(reasonOf(new Error('x'.repeat(500)))).toHaveLength(200);
  });
});

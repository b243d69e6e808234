/**
 * Packages the app for real with electron-builder (linux, x64, --dir), without the Electron binary:
 * a stand-in unpacked Electron in a temp folder (electronDist) takes the download's place, and a
 * stand-in better_sqlite3.node marked with Electron's ABI takes the place of the one
 * scripts/electron-native.ts would build (that needs Electron's headers from the network). Then the
 * package is read the way the app will read it: through the asar, at the paths main.ts computes.
 */
import { createPackage, extractFile, statFile } from '@electron/asar';
import { Arch, Platform } from 'electron-builder';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installerServerFile, shellLayout, UPDATE_CONFIG_FILE, updateConfigFile } from '../electron/app-layout';
import { INSTALLER_SERVER_FILE, readServerFile, serverFileText } from '../src/server-setup/server-file';
import { electronNativeBindingPath, nativeBindingFor, packagedNativeBindingPath, PACKAGED_NATIVE_RELATIVE } from '../electron/native-binding';
import { buildAll } from './build';
import { electronAbi, electronVersion } from './electron-native';
import { packageApp, PackagingError, type PackageOptions, type PackageResult } from './package-app';
import { asarFiles, readUpdateConfig, RUNTIME_MODULES, verifyPackagedApp } from './package-verify';

const ROOT = path.resolve(import.meta.dirname, '..');
const NODE_BUILD = path.join(ROOT, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
const VERSION = electronVersion(ROOT) ?? 'missing';
const ABI = electronAbi(ROOT);
const UPDATE_FEED = 'https://atualizacoes.empresa.com.br/helena-desk/';

let project: string;
let options: PackageOptions;
let result: PackageResult;
let resourcesDir: string;
let asarPath: string;
let files: string[];
let nodeBuildBefore: { size: number; mtimeMs: number } | null;

/** What electron-builder reads of an unpacked Electron for Linux: the binary (renamed to the app's) and resources/. */
function fakeElectron(dir: string): void {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\necho "stand-in Electron for the packaging test" >&2\nexit 1\n');
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in');
}

/**
 * A copy of what electron-builder reads from the checkout, with this run's own dist/ (the shared one
 * may be in use) and the checkout's node_modules linked in. `npm ls`, which electron-builder asks for
 * the production modules, cannot read a linked node_modules once npm's hidden lockfile is older than
 * the tree (as after npm ci: every module turns "extraneous"), so this copy names electron-builder's
 * own collector that walks node_modules as Node resolves it. dist's real runs use npm on the checkout,
 * and its package check (package-verify.ts) would stop a package missing a module the bundles load.
 */
async function tempProject(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'helena-package-'));
  copyFileSync(path.join(ROOT, 'electron-builder.yml'), path.join(dir, 'electron-builder.yml'));
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, packageManager: 'traversal' }, null, 2));
  cpSync(path.join(ROOT, 'resources'), path.join(dir, 'resources'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  await buildAll(path.join(dir, 'dist'));
  return dir;
}

beforeAll(async () => {
  expect(VERSION, 'node_modules/electron').not.toBe('missing');
  nodeBuildBefore = existsSync(NODE_BUILD) ? { size: statSync(NODE_BUILD).size, mtimeMs: statSync(NODE_BUILD).mtimeMs } : null;
  project = await tempProject();
  fakeElectron(path.join(project, 'electron-dist'));
  // Where npm start and dist keep Electron's build, so electron-builder sees it come from the same place as in a real run.
  const nativeFile = electronNativeBindingPath(project, VERSION);
  mkdirSync(path.dirname(nativeFile), { recursive: true });
  writeFileSync(nativeFile, `stand-in Electron build of better-sqlite3 node_register_module_v${ABI ?? 0}\n`);
  options = {
    projectDir: project,
    outputDir: 'release',
    nativeFile,
    electronVersion: VERSION,
    electronAbi: ABI,
    platform: Platform.LINUX,
    arch: Arch.x64,
    dirOnly: true,
    electronDist: path.join(project, 'electron-dist'),
    // As `HELENA_URL=https://helena.empresa.com.br npm run dist` asks.
    defaultServer: 'https://helena.empresa.com.br',
    // As `HELENA_UPDATE_URL=https://atualizacoes.empresa.com.br/helena-desk/ npm run dist` asks.
    updateFeed: UPDATE_FEED,
  };
  result = await packageApp(options);
  resourcesDir = path.join(result.outputDir, 'linux-unpacked', 'resources');
  asarPath = path.join(resourcesDir, 'app.asar');
  files = asarFiles(asarPath);
}, 120_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('npm run dist, packaged for real (linux x64, --dir, stand-in Electron)', () => {
  it('passes the check dist runs before making installers', () => {
    expect(verifyPackagedApp({ resourcesDir, electronAbi: ABI, nativeFile: options.nativeFile })).toEqual([]);
  });

  it('the package.json "main" is in the asar, with everything main.ts loads from beside it', () => {
    const pkg = JSON.parse(extractFile(asarPath, 'package.json').toString('utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    const layout = shellLayout(path.join(asarPath, path.dirname(pkg.main)));
    const inAsar = (file: string): string => path.relative(asarPath, file);
    expect(files).toEqual(
      expect.arrayContaining([pkg.main, inAsar(layout.preloadPath), inAsar(layout.coreEntry), inAsar(layout.iconPath), inAsar(layout.rendererIndex)]),
    );
    expect(inAsar(layout.coreEntry)).toBe('dist/electron/core-process.cjs');
    expect(inAsar(layout.rendererIndex)).toBe('dist/renderer/index.html');
  });

  it('the main process carries the shell only: the store, sync and outbox are in the core process bundle', () => {
    const modulesOf = (file: string): string[] => [...extractFile(asarPath, file).toString('utf8').matchAll(/^\/\/ (src\/[\w/-]+)\.ts$/gm)].map((m) => m[1] ?? '');
    const coreOnly = (modules: string[]) => modules.filter((m) => /^src\/(store|sync|outbox|realtime)\//.test(m));
    expect(coreOnly(modulesOf('dist/electron/main.cjs'))).toEqual([]);
    expect(coreOnly(modulesOf('dist/electron/core-process.cjs'))).toEqual(expect.arrayContaining(['src/store/contacts-repo', 'src/sync/sync-engine', 'src/outbox/outbox']));
  });

  it("better-sqlite3's Electron build is unpacked, where main.ts tells the core to load it, and node_modules' Node build is untouched", () => {
    const onDisk = nativeBindingFor({ packaged: true, resourcesPath: resourcesDir, projectRoot: asarPath, electronVersion: VERSION });
    expect(onDisk).toBe(packagedNativeBindingPath(resourcesDir));
    expect(onDisk).toContain(`${path.sep}app.asar.unpacked${path.sep}`);
    expect(readFileSync(onDisk!)).toEqual(readFileSync(options.nativeFile));
    // In the asar's index too, marked unpacked: better-sqlite3's own loader finds it through Electron's asar redirection.
    expect(statFile(asarPath, PACKAGED_NATIVE_RELATIVE)).toMatchObject({ unpacked: true });
    expect(files.filter((f) => f.endsWith('.node'))).toEqual([PACKAGED_NATIVE_RELATIVE]);
    if (nodeBuildBefore) {
      expect({ size: statSync(NODE_BUILD).size, mtimeMs: statSync(NODE_BUILD).mtimeMs }).toEqual(nodeBuildBefore);
      expect(readFileSync(onDisk!).equals(readFileSync(NODE_BUILD))).toBe(false);
    }
  });

  it('carries only what runs: no source maps, TypeScript, tests, sandbox or its data, nor modules the bundles do not load', () => {
    expect(files.filter((f) => /\.map$|\.[cm]?tsx?$|\.test\.|\.db$/.test(f))).toEqual([]);
    expect(new Set(files.map((f) => f.split('/')[0]))).toEqual(new Set(['dist', 'node_modules', 'package.json']));
    expect(new Set(files.filter((f) => f.startsWith('node_modules/')).map((f) => f.split('/')[1]))).toEqual(new Set(RUNTIME_MODULES));
    expect(files.filter((f) => /sandbox/i.test(f))).toEqual([]);
    expect(files.some((f) => f.startsWith('node_modules/better-sqlite3/deps/') || f.startsWith('node_modules/better-sqlite3/src/'))).toBe(false);
  });

  it('carries the installer’s default server beside app.asar, where main.ts reads it, and the app reads it as that server', async () => {
    const file = installerServerFile(true, resourcesDir);
    expect(file).toBe(path.join(resourcesDir, INSTALLER_SERVER_FILE));
    const logged: string[] = [];
    expect(await readServerFile(file ?? '', (message) => logged.push(message))).toBe('https://helena.empresa.com.br');
    expect(logged).toEqual([]);
  });

  it('carries the update feed where electron-updater reads it (app-update.yml beside app.asar), as a generic provider at the baked address', () => {
    const file = updateConfigFile(true, resourcesDir);
    expect(file).toBe(path.join(resourcesDir, UPDATE_CONFIG_FILE));
    const text = readFileSync(file ?? '', 'utf8');
    expect(readUpdateConfig(text)).toEqual({ provider: 'generic', url: UPDATE_FEED });
    // electron-updater keeps downloads in a cache folder named here (AppUpdater.getOrCreateDownloadHelper).
    expect(text).toMatch(/^updaterCacheDirName: helena-desk-updater$/m);
    expect(verifyPackagedApp({ resourcesDir, electronAbi: ABI, updateFeed: UPDATE_FEED })).toEqual([]);
    expect(verifyPackagedApp({ resourcesDir, electronAbi: ABI, updateFeed: null })).toEqual([
      `${file} no pacote sem HELENA_UPDATE_URL no npm run dist: o aplicativo procuraria atualizações num endereço que ninguém pediu`,
    ]);
  });

  it('without HELENA_UPDATE_URL: no app-update.yml, so the installed app never looks for updates', async () => {
    const plain = await packageApp({ ...options, outputDir: 'release-no-feed', updateFeed: undefined, defaultServer: undefined });
    const plainResources = path.join(plain.outputDir, 'linux-unpacked', 'resources');
    expect(existsSync(path.join(plainResources, 'app.asar'))).toBe(true);
    expect(existsSync(path.join(plainResources, UPDATE_CONFIG_FILE))).toBe(false);
    expect(verifyPackagedApp({ resourcesDir: plainResources, electronAbi: ABI, updateFeed: null, defaultServer: null })).toEqual([]);
  }, 120_000);

  it('replaced the output folder in one step, leaving no staging folder', () => {
    expect(existsSync(path.join(project, 'release', 'linux-unpacked', 'helena-desk'))).toBe(true);
    expect(existsSync(`${result.outputDir}.partial-${process.pid}`)).toBe(false);
  });

  it('with Electron not downloadable: a pt-BR message saying what failed and what to do, and no output folder at all', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 9));
      });
    });
    const offline: PackageOptions = {
      ...options,
      outputDir: 'release-offline',
      electronDist: undefined,
      // An empty cache and a mirror nobody answers: the download fails here as it does with no network.
      electronDownload: { mirror: `http://127.0.0.1:${closedPort}/`, cache: path.join(project, 'empty-electron-cache') },
    };
    const failure = await packageApp(offline).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(PackagingError);
    const message = (failure as PackagingError).message;
    expect(message).toContain(`Não foi possível baixar o Electron ${VERSION} para linux-x64`);
    expect(message).toContain('Verifique a conexão com a internet e rode npm run dist de novo');
    expect(message).toContain('Nada foi gerado em release-offline/');
    expect(message).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(project, 'release-offline'))).toBe(false);
    expect(existsSync(path.join(project, `release-offline.partial-${process.pid}`))).toBe(false);
  });
});

describe('the package check can fail', () => {
  it('names what a broken package lacks or carries', async () => {
    const app = mkdtempSync(path.join(tmpdir(), 'helena-broken-package-'));
    try {
      const source = path.join(app, 'src-app');
      mkdirSync(path.join(source, 'dist', 'electron'), { recursive: true });
      mkdirSync(path.join(source, 'node_modules', 'fastify'), { recursive: true });
      mkdirSync(path.join(source, 'sandbox'), { recursive: true });
      writeFileSync(path.join(source, 'package.json'), JSON.stringify({ main: 'dist/electron/main.cjs' }));
      writeFileSync(path.join(source, 'dist', 'electron', 'main.cjs'), 'require("better-sqlite3"); require("electron"); require("node:path");');
      writeFileSync(path.join(source, 'dist', 'electron', 'main.cjs.map'), '{}');
      writeFileSync(path.join(source, 'node_modules', 'fastify', 'package.json'), '{}');
      writeFileSync(path.join(source, 'sandbox', 'app.ts'), '');
      const resources = path.join(app, 'resources');
      mkdirSync(resources);
      await createPackage(source, path.join(resources, 'app.asar'));
      const problems = verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI }).join('\n');
      expect(problems).toContain('falta preload: dist/electron/preload.cjs');
      expect(problems).toContain('falta processo do núcleo: dist/electron/core-process.cjs');
      expect(problems).toContain('falta interface (index.html): dist/renderer/index.html');
      expect(problems).toContain('dist/electron/main.cjs carrega o módulo better-sqlite3, que não está no pacote');
      expect(problems).toContain(`falta ${PACKAGED_NATIVE_RELATIVE} no app.asar`);
      expect(problems).toContain('módulo que o aplicativo não usa ao rodar: node_modules/fastify');
      expect(problems).toContain('fora do que o aplicativo usa ao rodar: sandbox');
      expect(problems).toContain('mapa de código-fonte (.map) no pacote: dist/electron/main.cjs.map');
      expect(problems).toContain('código-fonte TypeScript no pacote: sandbox/app.ts');
      expect(problems).not.toContain('electron, que não está');
      expect(problems).not.toContain('node:path');

      // The installer's default server: missing when asked for, there when not, or not what was asked.
      const serverFile = path.join(resources, INSTALLER_SERVER_FILE);
      expect(verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI, defaultServer: 'https://helena.empresa.com.br' }).join('\n')).toContain(
        `falta ${serverFile}: o instalador abriria sem o servidor padrão https://helena.empresa.com.br`,
      );
      writeFileSync(serverFile, serverFileText('https://outro.example.com'));
      expect(verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI, defaultServer: null }).join('\n')).toContain(`${serverFile} no pacote sem HELENA_URL no npm run dist`);
      expect(verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI, defaultServer: 'https://helena.empresa.com.br' }).join('\n')).toContain(
        `${serverFile} aponta para https://outro.example.com, não para https://helena.empresa.com.br`,
      );
      writeFileSync(serverFile, '{"version":1,"url":"http://helena.empresa.com.br"}');
      expect(verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI, defaultServer: 'https://helena.empresa.com.br' }).join('\n')).toContain(
        `${serverFile} nomeia um endereço recusado (not_https): o aplicativo o ignoraria`,
      );

      // The update feed: missing when asked for (unless electron-builder writes none for this target), or not the one asked for.
      const updateFile = path.join(resources, UPDATE_CONFIG_FILE);
      const verifyFeed = (written = true) => verifyPackagedApp({ resourcesDir: resources, electronAbi: ABI, updateFeed: UPDATE_FEED, updateConfigWritten: written }).join('\n');
      expect(verifyFeed()).toContain(`falta ${updateFile}: o aplicativo instalado não procuraria atualizações em ${UPDATE_FEED}`);
      expect(verifyFeed(false)).not.toContain(updateFile);
      writeFileSync(updateFile, "provider: generic\nurl: 'https://outro.example.com/'\n");
      expect(verifyFeed()).toContain(`${updateFile} aponta para https://outro.example.com/, não para ${UPDATE_FEED}`);
      writeFileSync(updateFile, 'owner: helena\nrepo: desk\nprovider: github\n');
      expect(verifyFeed()).toContain(`${updateFile} usa o provedor github, não generic`);
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});

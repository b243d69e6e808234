/**
 * What a packaged Helena Desk needs to start, checked in the package itself (resources/app.asar and
 * app.asar.unpacked) rather than in the config that made it: the entry package.json names, the files
 * main.ts finds from its own folder (electron/app-layout.ts), the core's native module where the
 * core will load it (electron/native-binding.ts), every module the bundles require, and nothing of
 * the development tree. scripts/dist.ts runs it before any installer is built; the packaging test runs
 * it on a real package.
 */
import { extractFile, listPackage, statFile } from '@electron/asar';
import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { installerServerFile, shellLayout, updateConfigFile } from '../electron/app-layout';
import { packagedNativeBindingPath, PACKAGED_NATIVE_RELATIVE } from '../electron/native-binding';
import { parseServerFileText } from '../src/server-setup/server-file';
import { moduleAbiOf } from './electron-native';

/** The modules the bundles load from node_modules at run time: the native one and its loader (see electron-builder.yml). */
export const RUNTIME_MODULES = ['better-sqlite3', 'bindings', 'file-uri-to-path'];

/** ws tries these in a try/catch for speed and works without them; nothing else may be missing. */
const OPTIONAL_REQUIRES = new Set(['bufferutil', 'utf-8-validate']);

/** At the top of app.asar: the entry's package.json, the build and the runtime modules. */
const TOP_LEVEL = new Set(['package.json', 'dist', 'node_modules']);

const FORBIDDEN: { pattern: RegExp; what: string }[] = [
  { pattern: /\.map$/, what: 'mapa de código-fonte (.map)' },
  { pattern: /\.[cm]?tsx?$/, what: 'código-fonte TypeScript' },
  { pattern: /(^|\/)[^/]+\.(test|spec)\.[cm]?[jt]sx?$/, what: 'arquivo de teste' },
  { pattern: /\.db(-wal|-shm)?$|(^|\/)\.sandbox-data(\/|$)/, what: 'dados locais (banco SQLite do sandbox ou de testes)' },
];

export interface VerifyInput {
  /** resources/ of the unpacked app: beside the executable, or Contents/Resources on macOS. */
  resourcesDir: string;
  /** Electron's ABI, to check the packaged native module against; null skips that check. */
  electronAbi: number | null;
  /** The file meant to be packaged as the native module; it must arrive byte for byte. */
  nativeFile?: string;
  /** The server this installer was to start with (HELENA_URL at dist time), or null for none; undefined skips the check. */
  defaultServer?: string | null;
  /** The update feed asked for (HELENA_UPDATE_URL at dist time), or null for none; undefined skips the check. */
  updateFeed?: string | null;
  /**
   * False where electron-builder writes no app-update.yml even with a feed: it writes one beside an
   * installer target that updates (NSIS, DMG/zip) or on Linux, so a Windows or macOS --dir has none.
   */
  updateConfigWritten?: boolean;
}

/** resources/ inside electron-builder's unpacked app for a platform (its afterPack gives these). */
export function resourcesDirOf(appOutDir: string, platform: string, productFilename: string): string {
  return platform === 'darwin' ? path.join(appOutDir, `${productFilename}.app`, 'Contents', 'Resources') : path.join(appOutDir, 'resources');
}

/** @electron/asar splits paths on the system's separator; the lists here are posix. */
function asarPathOf(file: string): string {
  return file.split('/').join(path.sep);
}

function readText(asarPath: string, file: string): string {
  return extractFile(asarPath, asarPathOf(file)).toString('utf8');
}

function isUnpacked(asarPath: string, file: string): boolean {
  const entry = statFile(asarPath, asarPathOf(file));
  return 'unpacked' in entry && entry.unpacked === true;
}

/** Every file in the asar, as posix paths without the leading slash. */
export function asarFiles(asarPath: string): string[] {
  return listPackage(asarPath, { isPack: false })
    .map((entry) => entry.replace(/^[\\/]/, ''))
    .filter((entry) => {
      try {
        return !('files' in statFile(asarPath, entry));
      } catch {
        return false;
      }
    })
    .map((entry) => entry.replace(/\\/g, '/'));
}

/** Bare module names a CommonJS bundle requires, less Node's own. */
export function requiredModules(bundle: string): string[] {
  const names = new Set<string>();
  for (const match of bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = match[1] ?? '';
    if (spec.startsWith('.') || spec.startsWith('/') || isBuiltin(spec)) continue;
    const parts = spec.split('/');
    names.add(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? spec));
  }
  return [...names].sort();
}

/** The problems found, in pt-BR, one a line; empty when the package is whole. */
export function verifyPackagedApp(input: VerifyInput): string[] {
  const asarPath = path.join(input.resourcesDir, 'app.asar');
  if (!existsSync(asarPath)) return [`falta ${asarPath}: o aplicativo não foi empacotado em asar`];
  const files = asarFiles(asarPath);
  const present = new Set(files);
  const problems: string[] = [];

  const pkg = JSON.parse(readText(asarPath, 'package.json')) as { main?: unknown };
  const main = typeof pkg.main === 'string' ? path.posix.normalize(pkg.main) : null;
  if (!main || !present.has(main)) problems.push(`o "main" do package.json (${String(pkg.main)}) não está no app.asar`);

  if (main) {
    const layout = shellLayout(path.join(asarPath, path.posix.dirname(main)));
    const inAsar = (file: string): string => path.relative(asarPath, file).replace(/\\/g, '/');
    if (path.resolve(layout.projectRoot) !== path.resolve(asarPath)) problems.push(`main.cjs fora de dist/electron/: o aplicativo procuraria seus arquivos em ${layout.projectRoot}`);
    const needed = { preload: layout.preloadPath, 'ícone da bandeja': layout.iconPath, 'ícone da janela': layout.windowIconPath, 'processo do núcleo': layout.coreEntry, 'interface (index.html)': layout.rendererIndex };
    for (const [what, file] of Object.entries(needed)) {
      if (!present.has(inAsar(file))) problems.push(`falta ${what}: ${inAsar(file)}`);
    }
    const index = inAsar(layout.rendererIndex);
    if (present.has(index)) {
      const html = readText(asarPath, index);
      for (const ref of html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)) {
        const asset = path.posix.join(path.posix.dirname(index), ref[1] ?? '');
        if (!present.has(asset)) problems.push(`o index.html usa ${asset}, que não está no app.asar`);
      }
    }
    for (const bundle of [layout.preloadPath, layout.coreEntry, path.join(asarPath, main)]) {
      const file = inAsar(bundle);
      if (!present.has(file)) continue;
      for (const name of requiredModules(readText(asarPath, file))) {
        if (name === 'electron' || OPTIONAL_REQUIRES.has(name)) continue;
        if (!present.has(`node_modules/${name}/package.json`)) problems.push(`${file} carrega o módulo ${name}, que não está no pacote`);
      }
    }
  }

  problems.push(...nativeProblems(asarPath, files, input));
  if (input.defaultServer !== undefined) problems.push(...installerServerProblems(input.resourcesDir, input.defaultServer));
  if (input.updateFeed !== undefined) problems.push(...updateFeedProblems(input.resourcesDir, input.updateFeed, input.updateConfigWritten ?? true));

  const modules = new Set(files.filter((f) => f.startsWith('node_modules/')).map(topModuleOf));
  for (const name of [...modules].sort()) {
    if (!RUNTIME_MODULES.includes(name)) problems.push(`módulo que o aplicativo não usa ao rodar: node_modules/${name}`);
  }
  for (const top of new Set(files.map((f) => f.split('/')[0] ?? f))) {
    if (!TOP_LEVEL.has(top)) problems.push(`fora do que o aplicativo usa ao rodar: ${top}`);
  }
  for (const file of files) {
    const rule = FORBIDDEN.find((r) => r.pattern.test(file));
    if (rule) problems.push(`${rule.what} no pacote: ${file}`);
  }
  return problems;
}

/** The installer's default server, read as main.ts reads it: there and valid when one was asked for, absent otherwise. */
function installerServerProblems(resourcesDir: string, expected: string | null): string[] {
  const file = installerServerFile(true, resourcesDir) ?? '';
  if (!existsSync(file)) return expected ? [`falta ${file}: o instalador abriria sem o servidor padrão ${expected}`] : [];
  if (!expected) return [`${file} no pacote sem HELENA_URL no npm run dist: o instalador abriria num servidor que ninguém pediu`];
  const parsed = parseServerFileText(readFileSync(file, 'utf8'));
  if (!parsed.ok) return [`${file} ${parsed.reason}: o aplicativo o ignoraria`];
  return parsed.url === expected ? [] : [`${file} aponta para ${parsed.url}, não para ${expected}`];
}

/**
 * The two fields of electron-builder's app-update.yml that say where updates come from. It writes
 * flat `key: value` lines (builder-util's serializeToYaml), quoting a value only when YAML needs it.
 */
export function readUpdateConfig(text: string): { provider: string | null; url: string | null } {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z]+):\s*(.*?)\s*$/.exec(line);
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1).replace(/''/g, "'");
    else if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/\\(.)/g, '$1');
    fields.set(match[1], value);
  }
  return { provider: fields.get('provider') ?? null, url: fields.get('url') ?? null };
}

/** app-update.yml, read for what electron-updater will read: there and naming the feed when one was asked for, absent otherwise. */
function updateFeedProblems(resourcesDir: string, expected: string | null, written: boolean): string[] {
  const file = updateConfigFile(true, resourcesDir) ?? '';
  if (!existsSync(file)) return expected && written ? [`falta ${file}: o aplicativo instalado não procuraria atualizações em ${expected}`] : [];
  if (!expected) return [`${file} no pacote sem HELENA_UPDATE_URL no npm run dist: o aplicativo procuraria atualizações num endereço que ninguém pediu`];
  const config = readUpdateConfig(readFileSync(file, 'utf8'));
  if (config.provider !== 'generic') return [`${file} usa o provedor ${config.provider ?? 'nenhum'}, não generic: o aplicativo não procuraria atualizações em ${expected}`];
  return config.url === expected ? [] : [`${file} aponta para ${config.url ?? 'nenhum endereço'}, não para ${expected}`];
}

/** node_modules/@scope/name/… → @scope/name; node_modules/name/… → name. */
function topModuleOf(file: string): string {
  const parts = file.split('/');
  return parts[1]?.startsWith('@') ? parts.slice(1, 3).join('/') : (parts[1] ?? '');
}

function nativeProblems(asarPath: string, files: string[], input: VerifyInput): string[] {
  const problems: string[] = [];
  const relative = PACKAGED_NATIVE_RELATIVE.split(path.sep).join('/');
  // In the asar's index and marked unpacked: better-sqlite3's own loader (`bindings`) then also finds it, through Electron's asar redirection.
  if (!files.includes(relative)) problems.push(`falta ${relative} no app.asar`);
  for (const file of files.filter((f) => f.endsWith('.node'))) {
    if (!isUnpacked(asarPath, file)) problems.push(`módulo nativo dentro do app.asar, onde o núcleo não consegue carregá-lo: ${file}`);
  }
  const onDisk = packagedNativeBindingPath(input.resourcesDir);
  if (!existsSync(onDisk)) return [...problems, `falta ${onDisk}: o núcleo procura o banco de dados local ali`];
  const binary = readFileSync(onDisk);
  const abi = moduleAbiOf(binary);
  if (input.electronAbi !== null && abi !== input.electronAbi) problems.push(`${onDisk} é para o ABI ${abi ?? 'desconhecido'}, e o Electron usa ${input.electronAbi}`);
  if (input.nativeFile && !binary.equals(readFileSync(input.nativeFile))) problems.push(`${onDisk} não é o ${input.nativeFile} preparado para o Electron`);
  return problems;
}

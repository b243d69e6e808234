/**
 * Builds better-sqlite3 for Electron's ABI into .electron-native/<electron version>/, leaving
 * node_modules' Node build alone (npm test runs the core under Node). Called by `npm start`, or
 * alone: `npm run electron:native`. Never from postinstall: it downloads Electron's headers (or a
 * prebuilt binary), and an install must work offline.
 *
 * Work happens on a copy in a temp folder; the result is moved into place only once complete, so
 * an interrupted or failed build leaves nothing half-made behind. A prebuilt binary is tried first
 * (no compiler needed), then node-gyp against Electron's headers.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, copyFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { electronNativeBindingPath } from '../electron/native-binding';

export type NativeResult = { ok: true; path: string; built: boolean } | { ok: false; message: string };

const HEADERS_URL = 'https://electronjs.org/headers';
const RETRY_HINT =
  'Verifique a conexão com a internet e rode de novo: npm run electron:native (ou npm start). ' +
  'Sem rede, use npm run web: o mesmo aplicativo numa aba do navegador.';

export function electronVersion(projectRoot: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}

/** node-gyp as npm ships it (every npm has one), else a project-local one. */
export function findNodeGyp(projectRoot: string): string | null {
  const npmDirs: string[] = [];
  if (process.env.npm_execpath) npmDirs.push(path.resolve(path.dirname(process.env.npm_execpath), '..'));
  const nodeDir = path.dirname(process.execPath);
  npmDirs.push(path.join(nodeDir, '..', 'lib', 'node_modules', 'npm'), path.join(nodeDir, 'node_modules', 'npm'));
  for (const dir of [...npmDirs, projectRoot]) {
    try {
      return createRequire(path.join(dir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
    } catch {
      // not in this one; try the next
    }
  }
  return null;
}

interface RunResult {
  code: number | null;
  tail: string;
}

/**
 * npm hands its config to children as npm_config_* variables, and node-gyp obeys them over its
 * flags: an npmrc `nodedir` (set on offline machines) silently builds against Node's headers,
 * producing a module Electron refuses to load. The build must see only our flags.
 */
const BUILD_TARGET_SETTINGS = /^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|target_arch|devdir|build_from_source)$/i;

export function buildEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !BUILD_TARGET_SETTINGS.test(name)));
}

/** The ABI a V8-API module was compiled for (node_register_module_v<N>), or null if it does not say. */
export function moduleAbiOf(binary: Buffer): number | null {
  const match = /node_register_module_v(\d+)/.exec(binary.toString('latin1'));
  return match ? Number(match[1]) : null;
}

export function electronAbi(projectRoot: string): number | null {
  try {
    const value = Number(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'abi_version'), 'utf8').trim());
    return Number.isInteger(value) && value > 0 ? value : null;
  } catch {
    return null;
  }
}

const NOISE = /gyp ERR! (stack\s+at|System|command|cwd|node -v|node-gyp -v|\$npm_|not ok)|^\(node:\d+\)|trace-warnings|rolling back/;

/** The lines that say what went wrong: what was being fetched and the error, not node-gyp's stack and environment dump. */
export function summarize(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  const telling = lines.filter((l) => (/http GET|err|warn|fail|error/i.test(l)) && !NOISE.test(l)).map((l) => l.replace(/^gyp (ERR!|WARN|http) (stack )?/, ''));
  return (telling.length > 0 ? telling.slice(0, 6) : lines.slice(-4)).join(' ').slice(0, 600);
}

/** Runs a Node script quietly, keeping the last lines of its output for the error message. */
function runNode(script: string, args: string[], cwd: string, timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: buildEnv(), stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-8_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => resolve({ code: null, tail: error.message }));
    child.on('close', (code) => resolve({ code, tail: summarize(output) }));
  });
}

export async function ensureElectronNative(projectRoot = process.cwd()): Promise<NativeResult> {
  const version = electronVersion(projectRoot);
  if (!version) return { ok: false, message: 'O pacote electron não está em node_modules. Rode npm install e tente de novo.' };
  const target = electronNativeBindingPath(projectRoot, version);
  if (existsSync(target)) return { ok: true, path: target, built: false };

  const source = path.join(projectRoot, 'node_modules', 'better-sqlite3');
  if (!existsSync(path.join(source, 'binding.gyp'))) return { ok: false, message: 'O pacote better-sqlite3 não está em node_modules. Rode npm install e tente de novo.' };

  console.log(`Preparando o banco de dados local (better-sqlite3) para o Electron ${version}: só na primeira vez, pode levar alguns minutos…`);
  const work = mkdtempSync(path.join(tmpdir(), 'helena-electron-native-'));
  try {
    const copy = path.join(work, 'better-sqlite3');
    cpSync(source, copy, { recursive: true, filter: (file) => path.relative(source, file) !== 'build' });
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    const failures: string[] = [];

    const prebuild = (() => {
      try {
        return createRequire(path.join(source, 'package.json')).resolve('prebuild-install/bin.js');
      } catch {
        return null;
      }
    })();
    if (prebuild) {
      const result = await runNode(prebuild, ['--runtime=electron', `--target=${version}`, `--arch=${process.arch}`, `--platform=${process.platform}`], copy, 5 * 60_000);
      if (result.code !== 0 || !existsSync(built)) failures.push(`binário pré-compilado: ${result.tail || `saída ${result.code}`}`);
    }

    if (!existsSync(built)) {
      const nodeGyp = findNodeGyp(projectRoot);
      if (!nodeGyp) {
        failures.push('node-gyp não encontrado (ele vem com o npm; reinstale o Node.js/npm)');
      } else {
        const result = await runNode(
          nodeGyp,
          ['rebuild', '--release', `--target=${version}`, `--dist-url=${HEADERS_URL}`, '--runtime=electron', `--arch=${process.arch}`, `--devdir=${path.join(homedir(), '.electron-gyp')}`],
          copy,
          20 * 60_000,
        );
        if (result.code !== 0 || !existsSync(built)) {
          failures.push(`compilação com node-gyp (baixa os cabeçalhos do Electron de ${HEADERS_URL}; precisa de Python 3 e um compilador C++): ${result.tail || `saída ${result.code}`}`);
        }
      }
    }

    const wantedAbi = electronAbi(projectRoot);
    const gotAbi = existsSync(built) ? moduleAbiOf(readFileSync(built)) : null;
    if (wantedAbi !== null && gotAbi !== null && gotAbi !== wantedAbi) {
      failures.push(`o módulo gerado é para outra versão (ABI ${gotAbi}; o Electron ${version} usa ${wantedAbi})`);
      rmSync(built, { force: true });
    }

    if (!existsSync(built)) {
      return {
        ok: false,
        message: `Não foi possível preparar o better-sqlite3 para o Electron ${version}.\n${failures.map((f) => `  - ${f}`).join('\n')}\n${RETRY_HINT}`,
      };
    }
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}.tmp`;
    copyFileSync(built, partial);
    renameSync(partial, target);
    return { ok: true, path: target, built: true };
  } catch (error) {
    return { ok: false, message: `Não foi possível preparar o better-sqlite3 para o Electron ${version}: ${error instanceof Error ? error.message : String(error)}\n${RETRY_HINT}` };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && /scripts[\\/]electron-native\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  ensureElectronNative()
    .then((result) => {
      if (!result.ok) {
        console.error(result.message);
        process.exit(1);
      }
      console.log(result.built ? `Pronto: ${result.path}` : `Já preparado: ${result.path}`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}

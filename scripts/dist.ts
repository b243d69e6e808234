/**
 * `npm run dist`: the installers of this computer's system (electron-builder.yml: AppImage on
 * Linux, NSIS on Windows, DMG on macOS) in release/; `npm run dist -- --dir` makes only the unpacked
 * app (release/<os>-unpacked), which needs no installer tools.
 *
 * Steps: better-sqlite3 for Electron's ABI (the .electron-native/ copy npm start uses; made on the
 * first run: a prebuilt download or a compile against Electron's headers), the build (dist/), then
 * electron-builder (scripts/package-app.ts; Electron is downloaded once into the cache npm start
 * shares). Any failure says in pt-BR what failed and what to do, and leaves release/ as it was.
 *
 * With HELENA_URL set, the installer starts on that HelenaCRM (resources/helena-server-default.json):
 * IT's default, which the agent's own choice on the setup screen overrides, and HELENA_URL on the
 * agent's computer overrides both. Unset, the installed app asks on its first run.
 *
 * With HELENA_UPDATE_URL set (scripts/update-feed.ts checks it), installed apps look for new
 * versions in that folder (resources/app-update.yml, electron/updates.ts): upload what this run
 * leaves in release/ — latest.yml (latest-linux.yml), the installer and its .blockmap — to it.
 * Unset, the installed app never updates itself.
 */
import { archFromString, Platform } from 'electron-builder';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { electronNativeBindingPath } from '../electron/native-binding';
import { buildAll } from './build';
import { electronAbi, electronVersion, ensureElectronNative } from './electron-native';
import { installerDefaultFrom } from './installer-default';
import { updateFeedFrom } from './update-feed';
import { packageApp, PackagingError, stagingDirFor } from './package-app';
import { checkPackagedNative, planPackagedNative } from './package-native';

/** Also electron-builder.yml's directories.output, for runs of electron-builder by hand. */
const RELEASE_DIR = 'release';
const USAGE = 'Uso: npm run dist (instaladores deste sistema) ou npm run dist -- --dir (só a pasta do aplicativo, sem instalador).';

/** Electron's own checksums, shipped in its npm package: a cached download is verified without asking the network. */
function electronChecksums(projectRoot: string): Record<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(projectRoot, 'node_modules', 'electron', 'checksums.json'), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const entries = Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    return Object.fromEntries(entries);
  } catch {
    return undefined;
  }
}

/** The Electron build of better-sqlite3 for the package, made when missing; a pt-BR message when it cannot be. */
async function electronNative(projectRoot: string, version: string, abi: number | null): Promise<{ ok: true; file: string } | { ok: false; message: string }> {
  const file = electronNativeBindingPath(projectRoot, version);
  const plan = planPackagedNative({ electronAbi: abi, existing: existsSync(file) ? readFileSync(file) : null });
  if (plan.action === 'build') {
    if (plan.discardStale) {
      console.log(`dist: ${path.relative(projectRoot, file)} é de outra versão do Electron; preparando de novo.`);
      rmSync(file, { force: true });
    }
    const made = await ensureElectronNative(projectRoot);
    if (!made.ok) return made;
  }
  const check = checkPackagedNative(readFileSync(file), version, abi);
  return check.ok ? { ok: true, file } : check;
}

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--dir');
  if (unknown.length > 0) {
    console.error(`dist: opção desconhecida ${unknown.join(' ')}. ${USAGE}`);
    return 2;
  }
  const installerDefault = installerDefaultFrom(process.env.HELENA_URL);
  if (!installerDefault.ok) {
    console.error(`dist: HELENA_URL não serve como servidor padrão do instalador: ${installerDefault.message}\nCorrija HELENA_URL (ou tire-a, e o aplicativo pergunta o servidor na primeira vez) e rode de novo.`);
    return 2;
  }
  const updateFeed = updateFeedFrom(process.env.HELENA_UPDATE_URL);
  if (!updateFeed.ok) {
    console.error(`dist: HELENA_UPDATE_URL não serve como endereço de atualizações: ${updateFeed.message}\nCorrija HELENA_UPDATE_URL (ou tire-a, e o aplicativo instalado não se atualiza sozinho) e rode de novo.`);
    return 2;
  }
  const dirOnly = args.includes('--dir');
  const projectRoot = process.cwd();
  const version = electronVersion(projectRoot);
  if (!version) {
    console.error('dist: o pacote electron não está em node_modules. Rode npm install e tente de novo.');
    return 1;
  }
  const abi = electronAbi(projectRoot);

  const native = await electronNative(projectRoot, version, abi);
  if (!native.ok) {
    console.error(`${native.message}\nO npm run dist não gerou nada em ${RELEASE_DIR}/; rode-o de novo depois disso.`);
    return 1;
  }

  await buildAll();

  const stagingDir = stagingDirFor(path.resolve(projectRoot, RELEASE_DIR));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Interrupted mid-build: the half-made folder goes; release/ is untouched until the very end.
      rmSync(stagingDir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  const checksums = electronChecksums(projectRoot);
  const result = await packageApp({
    projectDir: projectRoot,
    outputDir: RELEASE_DIR,
    nativeFile: native.file,
    electronVersion: version,
    electronAbi: abi,
    platform: Platform.current(),
    arch: archFromString(process.arch),
    dirOnly,
    ...(checksums ? { electronDownload: { checksums } } : {}),
    ...(installerDefault.url ? { defaultServer: installerDefault.url } : {}),
    ...(updateFeed.url ? { updateFeed: updateFeed.url } : {}),
  });
  const made = result.artifacts.length > 0 ? result.artifacts : [result.outputDir];
  console.log(`\nPronto:\n${made.map((file) => `  ${path.relative(projectRoot, file)}`).join('\n')}`);
  console.log(
    installerDefault.url
      ? `Servidor padrão embutido: ${installerDefault.url} (o agente pode trocá-lo na tela de login; HELENA_URL no computador do agente vence os dois).`
      : 'Sem servidor padrão (HELENA_URL não definido): na primeira vez o aplicativo pergunta o endereço do HelenaCRM.',
  );
  console.log(
    updateFeed.url
      ? `Atualizações: o aplicativo instalado procura novas versões em ${updateFeed.url}. Para publicar esta versão, copie para lá o latest*.yml, o instalador e o .blockmap de ${RELEASE_DIR}/.`
      : 'Sem atualizações automáticas (HELENA_UPDATE_URL não definido): o aplicativo instalado não procura novas versões.',
  );
  return 0;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof PackagingError) {
      console.error(`\n${error.message}`);
    } else {
      console.error(`\ndist: o empacotamento parou com um erro inesperado: ${error instanceof Error ? error.message : String(error)}\nNada foi gerado em ${RELEASE_DIR}/.`);
    }
    process.exit(1);
  });

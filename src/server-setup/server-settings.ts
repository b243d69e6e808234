/**
 * Which HelenaCRM this installation talks to, from four places in this order:
 *   1. HELENA_URL (the environment): IT's or a developer's explicit choice; the screen cannot change it
 *   2. the agent's saved choice (SAVED_SERVER_FILE in the user-data folder, from the setup screen)
 *   3. the installer's default (INSTALLER_SERVER_FILE, baked in by `HELENA_URL=… npm run dist`)
 *   4. none: the window opens on the setup screen ("Conectar ao HelenaCRM")
 * The saved choice beats the installer's so that an agent moved to another server is not sent back
 * by every start; IT who must pin the server sets HELENA_URL instead.
 */
import type { ServerSource } from '../console/bridge-contract';
import { readServerFile, writeServerFile, type ServerFileLog } from './server-file';

export interface ChosenServer {
  url: string;
  source: ServerSource;
}

export interface ServerCandidates {
  env: string | null;
  saved: string | null;
  installer: string | null;
}

export function chooseServer(candidates: ServerCandidates): ChosenServer | null {
  if (candidates.env) return { url: candidates.env, source: 'env' };
  if (candidates.saved) return { url: candidates.saved, source: 'saved' };
  if (candidates.installer) return { url: candidates.installer, source: 'installer' };
  return null;
}

export interface ServerSettingsOptions {
  /** HELENA_URL already checked by backendUrlFrom, or null when unset. */
  envUrl: string | null;
  /** Where the agent's choice is kept. */
  savedFile: string;
  /** The installer's default, in a packaged app only. */
  installerFile: string | null;
  log: ServerFileLog;
}

export class ServerSettings {
  private constructor(
    private readonly options: ServerSettingsOptions,
    private candidates: ServerCandidates,
  ) {}

  static async load(options: ServerSettingsOptions): Promise<ServerSettings> {
    const [saved, installer] = await Promise.all([
      readServerFile(options.savedFile, options.log),
      options.installerFile ? readServerFile(options.installerFile, options.log) : Promise.resolve(null),
    ]);
    return new ServerSettings(options, { env: options.envUrl, saved, installer });
  }

  current(): ChosenServer | null {
    return chooseServer(this.candidates);
  }

  /** False while HELENA_URL decides: saving would change nothing the app uses. */
  changeable(): boolean {
    return this.candidates.env === null;
  }

  /** Keeps the agent's choice on disk (atomically) and returns what is now in effect. */
  async save(url: string): Promise<ChosenServer> {
    await writeServerFile(this.options.savedFile, url);
    this.candidates = { ...this.candidates, saved: url };
    return this.current() ?? { url, source: 'saved' };
  }
}

/**
 * The server address kept on disk: the agent's choice in the app's user-data folder, and the
 * default IT may bake into an installer (`HELENA_URL=… npm run dist`). Not a secret — an address —
 * but read as untrusted: a file that is not JSON, not this shape, or names a server the setup
 * screen would refuse counts as "no address here" and is logged, never a crash at startup.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { checkServerAddress, MAX_ADDRESS_LENGTH } from './server-address';

/** The agent's choice, in Electron's userData (or the web host's data folder). */
export const SAVED_SERVER_FILE = 'helena-server.json';
/** The installer's default, in the package's resources/ (read-only there). */
export const INSTALLER_SERVER_FILE = 'helena-server-default.json';

// Not strict: a newer Helena Desk may add fields, and an older one reading its file should still find the address.
const serverFileSchema = z.object({
  version: z.literal(1),
  url: z.string().min(1).max(MAX_ADDRESS_LENGTH),
});

export type ServerFileLog = (message: string) => void;

export type ServerFileParse = { ok: true; url: string } | { ok: false; reason: string };

/** What a server file's text says, checked as the app checks it (the package check reads the installer's with this too). */
export function parseServerFileText(text: string): ServerFileParse {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'está corrompido (não é JSON)' };
  }
  const parsed = serverFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, reason: `tem um formato inesperado (${first ? `${first.path.join('.') || 'raiz'}: ${first.message}` : 'desconhecido'})` };
  }
  const checked = checkServerAddress(parsed.data.url);
  // Edited by hand, or written by something else: the same rules as the setup screen, or nothing.
  if (!checked.ok) return { ok: false, reason: `nomeia um endereço recusado (${checked.problem})` };
  return { ok: true, url: checked.url };
}

/** The address in `file`, or null when there is none worth using (absent, unreadable, corrupt, refused). */
export async function readServerFile(file: string, log: ServerFileLog): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') log(`${file} não pôde ser lido (${describe(error)}); tratado como sem servidor configurado`);
    return null;
  }
  const parsed = parseServerFileText(text);
  if (!parsed.ok) {
    log(`${file} ${parsed.reason}; tratado como sem servidor configurado`);
    return null;
  }
  return parsed.url;
}

/** The JSON a server file holds; dist writes the installer's default with it too. */
export function serverFileText(url: string): string {
  return `${JSON.stringify({ version: 1, url } satisfies z.infer<typeof serverFileSchema>, null, 2)}\n`;
}

/**
 * Writes the address so that a crash or power cut leaves the old file or the new one, never half
 * of either: a temp file beside it, flushed, then renamed over it.
 */
export async function writeServerFile(file: string, url: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(serverFileText(url), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    // A full disk must not leave a stray temp file behind each try.
    await rm(temp, { force: true });
    throw error;
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error instanceof Error ? error.message : String(error);
}

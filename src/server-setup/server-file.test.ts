import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readServerFile, SAVED_SERVER_FILE, serverFileText, writeServerFile } from './server-file';

let dir: string;
let file: string;
let logged: string[];
const log = (message: string) => void logged.push(message);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'helena-server-file-'));
  file = path.join(dir, SAVED_SERVER_FILE);
  logged = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readServerFile', () => {
  it('no file is simply no server, and nothing to log', async () => {
    expect(await readServerFile(file, log)).toBeNull();
    expect(logged).toEqual([]);
  });

  it('reads what writeServerFile wrote, in the normal form', async () => {
    await writeServerFile(file, 'https://api.helena.run');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, url: 'https://api.helena.run' });
    expect(await readServerFile(file, log)).toBe('https://api.helena.run');
    // A newer Helena Desk's extra fields do not hide the address from this one.
    writeFileSync(file, JSON.stringify({ version: 1, url: 'https://api.helena.run/', chosenBy: 'ana' }));
    expect(await readServerFile(file, log)).toBe('https://api.helena.run');
    expect(logged).toEqual([]);
  });

  it('a corrupt, foreign or unsafe file counts as no server and is logged, never thrown', async () => {
    const cases: Array<[string, RegExp]> = [
      ['{"version":1,"url":"https://api.hel', /corrompido/],
      ['', /corrompido/],
      ['[]', /formato inesperado/],
      ['{"version":2,"url":"https://api.helena.run"}', /formato inesperado \(version/],
      ['{"version":1}', /formato inesperado \(url/],
      ['{"version":1,"url":"http://api.helena.run"}', /endereço recusado \(not_https\)/],
      ['{"version":1,"url":"https://ana:x@api.helena.run"}', /endereço recusado \(has_credentials\)/],
    ];
    for (const [text, reason] of cases) {
      logged = [];
      writeFileSync(file, text);
      expect(await readServerFile(file, log), text).toBeNull();
      expect(logged, text).toEqual([expect.stringMatching(reason)]);
    }
  });

  it('a file that cannot be read (a folder in its place) is logged and ignored', async () => {
    mkdirSync(file);
    expect(await readServerFile(file, log)).toBeNull();
    expect(logged).toEqual([expect.stringMatching(/não pôde ser lido \(EISDIR\)/)]);
  });
});

describe('writeServerFile', () => {
  it('replaces the file whole through a temp file beside it, leaving no temp behind', async () => {
    await writeServerFile(file, 'https://a.example.com');
    await writeServerFile(file, 'https://b.example.com');
    expect(readFileSync(file, 'utf8')).toBe(serverFileText('https://b.example.com'));
    expect(readdirSync(dir)).toEqual([SAVED_SERVER_FILE]);
  });

  it('creates the folder when needed', async () => {
    const nested = path.join(dir, 'a', 'b', SAVED_SERVER_FILE);
    await writeServerFile(nested, 'https://api.helena.run');
    expect(await readServerFile(nested, log)).toBe('https://api.helena.run');
  });

  it('a write that cannot finish leaves the old file as it was and no temp file', async () => {
    await writeServerFile(file, 'https://a.example.com');
    // The rename is the step that fails here: a non-empty folder stands where the file goes.
    const blocked = path.join(dir, 'blocked.json');
    mkdirSync(path.join(blocked, 'inside'), { recursive: true });
    await expect(writeServerFile(blocked, 'https://b.example.com')).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(['blocked.json', SAVED_SERVER_FILE]);
    expect(await readServerFile(file, log)).toBe('https://a.example.com');
  });
});

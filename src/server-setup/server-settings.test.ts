import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INSTALLER_SERVER_FILE, readServerFile, SAVED_SERVER_FILE, serverFileText } from './server-file';
import { chooseServer, ServerSettings } from './server-settings';

let dir: string;
let logged: string[];
const log = (message: string) => void logged.push(message);
const savedFile = () => path.join(dir, SAVED_SERVER_FILE);
const installerFile = () => path.join(dir, INSTALLER_SERVER_FILE);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'helena-settings-'));
  logged = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('which server: HELENA_URL, then the saved choice, then the installer’s default, then ask', () => {
  it('chooseServer follows that order', () => {
    const env = 'https://env.example.com';
    const saved = 'https://saved.example.com';
    const installer = 'https://installer.example.com';
    expect(chooseServer({ env, saved, installer })).toEqual({ url: env, source: 'env' });
    expect(chooseServer({ env: null, saved, installer })).toEqual({ url: saved, source: 'saved' });
    expect(chooseServer({ env: null, saved: null, installer })).toEqual({ url: installer, source: 'installer' });
    expect(chooseServer({ env: null, saved: null, installer: null })).toBeNull();
  });

  it('reads both files; a corrupt saved file falls back to the installer’s default', async () => {
    writeFileSync(installerFile(), serverFileText('https://installer.example.com'));
    writeFileSync(savedFile(), '{"version":1,"url":');
    const settings = await ServerSettings.load({ envUrl: null, savedFile: savedFile(), installerFile: installerFile(), log });
    expect(settings.current()).toEqual({ url: 'https://installer.example.com', source: 'installer' });
    expect(settings.changeable()).toBe(true);
    expect(logged).toEqual([expect.stringMatching(/corrompido/)]);
  });

  it('nothing anywhere: no server, and the setup screen may save one', async () => {
    const settings = await ServerSettings.load({ envUrl: null, savedFile: savedFile(), installerFile: null, log });
    expect(settings.current()).toBeNull();
    expect(await settings.save('https://api.helena.run')).toEqual({ url: 'https://api.helena.run', source: 'saved' });
    expect(await readServerFile(savedFile(), log)).toBe('https://api.helena.run');
    // The next start finds it.
    const again = await ServerSettings.load({ envUrl: null, savedFile: savedFile(), installerFile: null, log });
    expect(again.current()).toEqual({ url: 'https://api.helena.run', source: 'saved' });
  });

  it('a saved choice beats the installer’s default, and HELENA_URL beats both and cannot be changed', async () => {
    writeFileSync(installerFile(), serverFileText('https://installer.example.com'));
    writeFileSync(savedFile(), serverFileText('https://saved.example.com'));
    const noEnv = await ServerSettings.load({ envUrl: null, savedFile: savedFile(), installerFile: installerFile(), log });
    expect(noEnv.current()).toEqual({ url: 'https://saved.example.com', source: 'saved' });
    const withEnv = await ServerSettings.load({ envUrl: 'http://127.0.0.1:4010', savedFile: savedFile(), installerFile: installerFile(), log });
    expect(withEnv.current()).toEqual({ url: 'http://127.0.0.1:4010', source: 'env' });
    expect(withEnv.changeable()).toBe(false);
    expect(logged).toEqual([]);
  });
});

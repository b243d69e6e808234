import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { electronNativeBindingPath } from '../electron/native-binding';
import { buildEnv, ensureElectronNative, moduleAbiOf, summarize } from './electron-native';

afterEach(() => vi.unstubAllEnvs());

describe('Electron build of better-sqlite3', () => {
  it("drops npm's nodedir/target settings so node-gyp builds against Electron's headers, not Node's", () => {
    vi.stubEnv('npm_config_nodedir', '/usr');
    vi.stubEnv('NPM_CONFIG_TARGET', '20.0.0');
    vi.stubEnv('npm_config_cache', '/keep/me');
    const env = buildEnv();
    expect(env.npm_config_nodedir).toBeUndefined();
    expect(env.NPM_CONFIG_TARGET).toBeUndefined();
    expect(env.npm_config_cache).toBe('/keep/me');
  });

  it('reads the ABI a module was built for, to refuse a Node build posing as an Electron one', () => {
    expect(moduleAbiOf(Buffer.from('\0\0node_register_module_v115\0'))).toBe(115);
    expect(moduleAbiOf(Buffer.from('napi_register_module_v1'))).toBeNull();
  });

  it("keeps node-gyp's error and what it fetched, not its stack dump", () => {
    const output = [
      'gyp info it worked if it ends with ok',
      'gyp http GET https://electronjs.org/headers/v45.4.1/node-v45.4.1-headers.tar.gz',
      'gyp ERR! stack Error: This is most likely not a problem with node-gyp',
      'gyp ERR! stack at go (/x/install.js:244:21)',
      'gyp ERR! System Linux 6.1',
      'gyp ERR! not ok',
    ].join('\n');
    const summary = summarize(output);
    expect(summary).toContain('https://electronjs.org/headers/v45.4.1');
    expect(summary).toContain('Error: This is most likely');
    expect(summary).not.toMatch(/install\.js|System Linux|not ok/);
  });

  it('does nothing when the Electron build is already there', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'helena-native-'));
    try {
      mkdirSync(path.join(root, 'node_modules', 'electron'), { recursive: true });
      writeFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: '45.4.1' }));
      const target = electronNativeBindingPath(root, '45.4.1');
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, 'built before');
      expect(await ensureElectronNative(root)).toEqual({ ok: true, path: target, built: false });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('says what to do in pt-BR when electron is not installed', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'helena-native-'));
    try {
      const result = await ensureElectronNative(root);
      expect(result).toMatchObject({ ok: false });
      expect(result.ok ? '' : result.message).toMatch(/npm install/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from 'vitest';
import { chooseProxy, maskProxyUrl, NO_PROXY_ENV, parsePacResult, ProxyConfigError, proxyHost, proxyUrlFrom, readProxyEnv } from './proxy-config';

describe('parsePacResult (what Chromium’s session.resolveProxy answers)', () => {
  it.each([
    ['DIRECT', null],
    ['', null],
    ['PROXY proxy.corp:8080', 'http://proxy.corp:8080'],
    ['PROXY proxy.corp:8080; DIRECT', 'http://proxy.corp:8080'],
    ['PROXY proxy.corp:8080;DIRECT', 'http://proxy.corp:8080'],
    ['  PROXY   10.0.0.1:3128 ;  PROXY 10.0.0.2:3128', 'http://10.0.0.1:3128'],
    ['HTTPS secure.corp:443', 'https://secure.corp'],
    ['HTTPS secure.corp:8443; DIRECT', 'https://secure.corp:8443'],
    ['HTTP legacy.corp:80', 'http://legacy.corp'],
    ['proxy lower.corp:3128', 'http://lower.corp:3128'],
    ['PROXY [fd00::1]:3128', 'http://[fd00::1]:3128'],
    ['PROXY proxy.corp', 'http://proxy.corp'],
    ['DIRECT; PROXY never.corp:8080', null],
  ])('%j → %s', (answer, url) => {
    expect(parsePacResult(answer).url).toBe(url);
  });

  it('SOCKS is passed over for the next entry, with a note saying why', () => {
    const result = parsePacResult('SOCKS5 socks.corp:1080; PROXY proxy.corp:8080; DIRECT');
    expect(result.url).toBe('http://proxy.corp:8080');
    expect(result.notes).toEqual([expect.stringMatching(/SOCKS5 socks\.corp:1080 .*não suporta SOCKS/)]);
  });

  it.each(['SOCKS socks.corp:1080', 'SOCKS4 socks.corp:1080', 'SOCKS5 socks.corp:1080; QUIC q.corp:443'])('%j alone: direct, saying why', (answer) => {
    const result = parsePacResult(answer);
    expect(result.url).toBeNull();
    expect(result.notes.at(-1)).toMatch(/nenhum proxy utilizável.*conexão direta/);
  });

  it('SOCKS then DIRECT: direct, noting the SOCKS entry only', () => {
    expect(parsePacResult('SOCKS5 s:1080; DIRECT')).toEqual({ url: null, notes: [expect.stringMatching(/SOCKS5/)] });
  });

  it('an unreadable entry is skipped, never taken as a proxy', () => {
    expect(parsePacResult('PROXY a b c; PROXY ok.corp:1').url).toBe('http://ok.corp:1');
    expect(parsePacResult('PROXY user:pw@evil:1; DIRECT').url).toBeNull();
  });
});

describe('proxy settings from the environment', () => {
  it.each([
    ['http://proxy.corp:3128', 'http://proxy.corp:3128'],
    ['http://proxy.corp:3128/', 'http://proxy.corp:3128'],
    ['proxy.corp:3128', 'http://proxy.corp:3128'],
    ['https://proxy.corp:8443', 'https://proxy.corp:8443'],
    ['http://ana:s%40nha@proxy.corp:3128', 'http://ana:s%40nha@proxy.corp:3128'],
    ['direct', null],
    ['DIRECT', null],
    ['none', null],
  ])('%j → %s', (value, url) => {
    expect(proxyUrlFrom(value, 'HELENA_PROXY')).toBe(url);
  });

  it.each([
    ['socks5://s:1080', /SOCKS/],
    ['ftp://p:21', /http:\/\/ ou https:\/\//],
    ['http://', /válido|host/],
  ])('%j is refused in pt-BR, naming the variable', (value, message) => {
    expect(() => proxyUrlFrom(value, 'HELENA_PROXY')).toThrow(ProxyConfigError);
    expect(() => proxyUrlFrom(value, 'HELENA_PROXY')).toThrow(message);
  });

  it('the refusal never repeats the password', () => {
    try {
      proxyUrlFrom('socks5://ana:segredo@s:1080', 'HELENA_PROXY');
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('segredo');
    }
  });

  it('credentials are masked in logs and left out of the host the agent reads', () => {
    expect(maskProxyUrl('http://ana:segredo@proxy.corp:3128')).toBe('http://***@proxy.corp:3128');
    expect(maskProxyUrl('http://proxy.corp:3128')).toBe('http://proxy.corp:3128');
    expect(maskProxyUrl(null)).toBe('direto (sem proxy)');
    expect(proxyHost('http://ana:segredo@proxy.corp:3128')).toBe('proxy.corp:3128');
    expect(proxyHost('http://proxy.corp')).toBe('proxy.corp:80');
    expect(proxyHost('https://proxy.corp')).toBe('proxy.corp:443');
  });
});

describe('chooseProxy', () => {
  const server = 'https://api.helena.run';
  const conventional = (env: Record<string, string>) => readProxyEnv(env, { conventional: true });

  it('HELENA_PROXY beats everything, the system included, and "direct" beats the system too', () => {
    const env = readProxyEnv({ HELENA_PROXY: 'http://it.corp:3128', HTTPS_PROXY: 'http://dev:1' }, { conventional: true });
    expect(chooseProxy(server, env, 'PROXY system.corp:8080')).toMatchObject({ url: 'http://it.corp:3128', source: 'HELENA_PROXY' });
    expect(chooseProxy('http://127.0.0.1:4010', env, 'DIRECT').url).toBe('http://it.corp:3128');
    const direct = readProxyEnv({ HELENA_PROXY: 'direct' }, { conventional: false });
    expect(chooseProxy(server, direct, 'PROXY system.corp:8080')).toMatchObject({ url: null, source: 'HELENA_PROXY' });
  });

  it('the system’s answer when nothing is set', () => {
    expect(chooseProxy(server, NO_PROXY_ENV, 'PROXY system.corp:8080; DIRECT')).toMatchObject({ url: 'http://system.corp:8080', source: 'system' });
    expect(chooseProxy(server, NO_PROXY_ENV, 'DIRECT')).toMatchObject({ url: null, source: 'none' });
    expect(chooseProxy(server, NO_PROXY_ENV, null)).toMatchObject({ url: null, source: 'none' });
  });

  it('HTTPS_PROXY / HTTP_PROXY count only where the shell says so (a checkout), by the target’s scheme', () => {
    const vars = { HTTPS_PROXY: 'http://dev.proxy:8888', http_proxy: 'http://plain.proxy:8080' };
    expect(chooseProxy(server, conventional(vars), 'DIRECT')).toMatchObject({ url: 'http://dev.proxy:8888', source: 'HTTPS_PROXY' });
    expect(chooseProxy('http://gateway.lan:8080', conventional(vars), null)).toMatchObject({ url: 'http://plain.proxy:8080', source: 'HTTP_PROXY' });
    // An agent's desktop: a variable some tool left behind does not beat the OS settings.
    expect(chooseProxy(server, readProxyEnv(vars, { conventional: false }), 'PROXY system.corp:8080').url).toBe('http://system.corp:8080');
  });

  it.each([
    ['api.helena.run', true],
    ['.helena.run', true],
    ['*.helena.run', true],
    ['helena.run', true],
    ['*', true],
    ['api.helena.run:443', true],
    ['api.helena.run:8443', false],
    ['other.run', false],
    ['pi.helena.run', false],
  ])('NO_PROXY=%j bypasses https://api.helena.run: %s', (noProxy, bypass) => {
    const choice = chooseProxy(server, conventional({ HTTPS_PROXY: 'http://dev.proxy:8888', NO_PROXY: `intranet.corp, ${noProxy}` }), null);
    expect(choice.url).toBe(bypass ? null : 'http://dev.proxy:8888');
  });

  it('this computer’s own addresses never go through the conventional variables (the sandbox)', () => {
    const env = conventional({ HTTP_PROXY: 'http://dev.proxy:8888' });
    for (const url of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010']) expect(chooseProxy(url, env, null).url).toBeNull();
  });
});

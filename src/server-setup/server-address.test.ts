import { describe, expect, it } from 'vitest';
import { checkServerAddress, displayHost, isLoopbackHost } from './server-address';

describe('checkServerAddress', () => {
  it('takes an https address in its normal form: no trailing slash, no query or fragment, host lower-cased', () => {
    expect(checkServerAddress('  https://API.Helena.run/  ')).toEqual({ ok: true, url: 'https://api.helena.run' });
    expect(checkServerAddress('https://gw.empresa.com.br/helena/?x=1#y')).toEqual({ ok: true, url: 'https://gw.empresa.com.br/helena' });
    expect(checkServerAddress('https://api.helena.run:8443')).toEqual({ ok: true, url: 'https://api.helena.run:8443' });
  });

  it('adds https:// when no scheme was typed, and http:// for this computer, where the sandbox listens', () => {
    expect(checkServerAddress('api.helena.run')).toEqual({ ok: true, url: 'https://api.helena.run' });
    expect(checkServerAddress('localhost:4010')).toEqual({ ok: true, url: 'http://localhost:4010' });
    expect(checkServerAddress('127.0.0.1:4010')).toEqual({ ok: true, url: 'http://127.0.0.1:4010' });
    expect(checkServerAddress('[::1]:4010')).toEqual({ ok: true, url: 'http://[::1]:4010' });
  });

  it('refuses plain http to anything but this computer: the login would cross the network readable', () => {
    expect(checkServerAddress('http://api.helena.run')).toEqual({ ok: false, problem: 'not_https' });
    expect(checkServerAddress('http://192.168.0.10:4010')).toEqual({ ok: false, problem: 'not_https' });
    expect(checkServerAddress('http://127.0.0.2:4010')).toEqual({ ok: false, problem: 'not_https' });
    for (const local of ['http://127.0.0.1:4010', 'http://localhost:4010', 'http://[::1]:4010', 'https://localhost']) {
      expect(checkServerAddress(local).ok, local).toBe(true);
    }
  });

  it('says what is wrong with what is not an address at all', () => {
    expect(checkServerAddress('   ')).toEqual({ ok: false, problem: 'empty' });
    for (const junk of ['meu servidor', 'https://', 'ftp://api.helena.run', 'mailto:ana@x.com', 'javascript:alert(1)', '12345', 'https://exa$mple.com', 'x'.repeat(3000)]) {
      expect(checkServerAddress(junk), junk).toEqual({ ok: false, problem: 'not_an_address' });
    }
    expect(checkServerAddress('https://ana:segredo@api.helena.run')).toEqual({ ok: false, problem: 'has_credentials' });
    // The login screen's field, mistaken for this one.
    expect(checkServerAddress('ana.souza@demo.helena.com.br')).toEqual({ ok: false, problem: 'looks_like_email' });
  });
});

describe('isLoopbackHost and displayHost', () => {
  it('knows exactly this computer’s names', () => {
    expect(['localhost', 'LOCALHOST', '127.0.0.1', '[::1]', 'localhost.'].map(isLoopbackHost)).toEqual([true, true, true, true, true]);
    expect(['localhost.evil.com', '127.0.0.1.nip.io', '0.0.0.0', '10.0.0.1'].map(isLoopbackHost)).toEqual([false, false, false, false]);
  });

  it('names a server by host, port and path', () => {
    expect(displayHost('https://api.helena.run')).toBe('api.helena.run');
    expect(displayHost('http://127.0.0.1:4010')).toBe('127.0.0.1:4010');
    expect(displayHost('https://gw.empresa.com.br/helena')).toBe('gw.empresa.com.br/helena');
  });
});

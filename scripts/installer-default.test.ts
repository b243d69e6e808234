import { describe, expect, it } from 'vitest';
import { installerDefaultFrom } from './installer-default';

describe('HELENA_URL as an installer’s default server', () => {
  it('unset: no default, the app asks on its first run', () => {
    expect(installerDefaultFrom(undefined)).toEqual({ ok: true, url: null });
    expect(installerDefaultFrom('')).toEqual({ ok: true, url: null });
  });

  it('an https address, in the form the app reads it', () => {
    expect(installerDefaultFrom('https://Helena.Empresa.com.br/')).toEqual({ ok: true, url: 'https://helena.empresa.com.br' });
  });

  it('refuses what would send every agent’s login in the clear, or lead nowhere on their computers', () => {
    expect(installerDefaultFrom('http://helena.empresa.com.br')).toMatchObject({ ok: false, message: expect.stringMatching(/precisa começar com https:\/\//) as unknown });
    expect(installerDefaultFrom('http://127.0.0.1:4010')).toMatchObject({ ok: false, message: expect.stringMatching(/endereço deste computador/) as unknown });
    expect(installerDefaultFrom('https://localhost')).toMatchObject({ ok: false });
    expect(installerDefaultFrom('nada disso')).toMatchObject({ ok: false, message: expect.stringMatching(/não é um endereço de servidor/) as unknown });
  });
});

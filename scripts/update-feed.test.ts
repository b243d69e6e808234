import { describe, expect, it } from 'vitest';
import { updateFeedFrom } from './update-feed';

describe('HELENA_UPDATE_URL, the update feed baked in by npm run dist', () => {
  it('unset: no feed, the installed app does not update itself', () => {
    expect(updateFeedFrom(undefined)).toEqual({ ok: true, url: null });
    expect(updateFeedFrom('  ')).toEqual({ ok: true, url: null });
  });

  it('an https folder, always with its trailing slash', () => {
    expect(updateFeedFrom('https://Atualizacoes.Empresa.com.br/helena')).toEqual({ ok: true, url: 'https://atualizacoes.empresa.com.br/helena/' });
    expect(updateFeedFrom(' https://atualizacoes.empresa.com.br/ ')).toEqual({ ok: true, url: 'https://atualizacoes.empresa.com.br/' });
  });

  it('http only for this computer, for tests', () => {
    expect(updateFeedFrom('http://127.0.0.1:8080/feed')).toEqual({ ok: true, url: 'http://127.0.0.1:8080/feed/' });
    expect(updateFeedFrom('http://localhost:8080/')).toEqual({ ok: true, url: 'http://localhost:8080/' });
    expect(updateFeedFrom('http://atualizacoes.empresa.com.br/')).toMatchObject({ ok: false, message: expect.stringMatching(/precisa começar com https:\/\//) as unknown });
    expect(updateFeedFrom('ftp://127.0.0.1/')).toMatchObject({ ok: false, message: expect.stringMatching(/https:\/\//) as unknown });
  });

  it('refuses what is not an address, and what would put a secret in every installation', () => {
    expect(updateFeedFrom('atualizacoes.empresa.com.br')).toMatchObject({ ok: false, message: expect.stringMatching(/não é um endereço/) as unknown });
    expect(updateFeedFrom('https://ti:senha@atualizacoes.empresa.com.br/')).toMatchObject({ ok: false, message: expect.stringMatching(/usuário e a senha/) as unknown });
    expect(updateFeedFrom('https://atualizacoes.empresa.com.br/?token=abc')).toMatchObject({ ok: false, message: expect.stringMatching(/"\?" ou "#"/) as unknown });
  });
});

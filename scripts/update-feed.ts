/**
 * `HELENA_UPDATE_URL=… npm run dist`: the folder an installed Helena Desk checks for new versions
 * (electron-builder's `generic` publish provider, written into the package as resources/app-update.yml).
 * https, since what comes from there is installed and run on every agent's computer; http only for
 * this computer (a test serving a local folder). No user, password, query or fragment: the feed
 * needs no credentials, and anything put in the address would sit in every installation's
 * app-update.yml and in its log lines.
 */
import { isLoopbackHost } from '../src/server-setup/server-address';

export type UpdateFeed = { ok: true; url: string | null } | { ok: false; message: string };

const EXAMPLE = 'https://atualizacoes.suaempresa.com.br/helena-desk/';

export function updateFeedFrom(value: string | undefined): UpdateFeed {
  const text = value?.trim() ?? '';
  if (text === '') return { ok: true, url: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `"${text.slice(0, 80)}" não é um endereço. Use o endereço completo da pasta de atualizações, por exemplo ${EXAMPLE}` };
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    return {
      ok: false,
      message: `o endereço precisa começar com https:// (${text.slice(0, 80)}): o que vem dele é instalado e executado nos computadores dos agentes. http:// só vale para este computador (localhost ou 127.0.0.1), em testes.`,
    };
  }
  if (url.username || url.password) return { ok: false, message: 'tire o usuário e a senha do endereço: a pasta de atualizações precisa ser aberta sem login, e a senha ficaria gravada em cada instalação.' };
  if (url.search || url.hash) return { ok: false, message: 'tire o que vem depois de "?" ou "#" do endereço: ele deve ser só o da pasta onde ficam o latest.yml e os instaladores.' };
  // A folder: electron-updater resolves latest.yml and the installers against it.
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return { ok: true, url: url.href };
}

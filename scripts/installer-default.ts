/**
 * `HELENA_URL=… npm run dist`: the HelenaCRM an installer starts with. Held to the setup screen's
 * rules (https: every agent's login travels to it), and never this computer's own address, which
 * on an agent's computer leads nowhere — a developer's HELENA_URL pointing at a local sandbox must
 * not end up in an installer by accident.
 */
import { checkServerAddress, isLoopbackHost } from '../src/server-setup/server-address';
import { setupError } from '../src/server-setup/setup-messages';

export type InstallerDefault = { ok: true; url: string | null } | { ok: false; message: string };

export function installerDefaultFrom(value: string | undefined): InstallerDefault {
  if (!value) return { ok: true, url: null };
  const checked = checkServerAddress(value);
  if (!checked.ok) return { ok: false, message: setupError(`server.${checked.problem}`, { address: value.slice(0, 80) }).message };
  if (isLoopbackHost(new URL(checked.url).hostname)) {
    return { ok: false, message: `${checked.url} é um endereço deste computador; nos computadores dos agentes ele não leva a nenhum HelenaCRM.` };
  }
  return { ok: true, url: checked.url };
}

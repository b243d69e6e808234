/**
 * What `npm start` and `npm run web` run when HELENA_URL is unset: the bundled sandbox with demo
 * data (kept in ./.sandbox-data), three contacts who wrote first on a fresh one (Fábio also a voice note), João da Silva's
 * past conversations ("Atendimentos anteriores", Alt+H) and the banner with the demo logins. Closing it is the caller's job, after the app has let go of it.
 */
import { createSandbox, type RunningSandbox } from '../sandbox/app';
import { banner, optionsFromArgs } from '../sandbox/cli';
import { seedHistoryDemo } from '../sandbox/seed/history-demo';
import { seedReceptiveDemo, seedVoiceNoteDemo } from '../sandbox/seed/receptive-demo';

export async function startDemoSandbox(): Promise<RunningSandbox> {
  console.log('Helena Desk: nenhum HELENA_URL configurado; iniciando o sandbox HelenaCRM com dados de demonstração.');
  const sandbox = await createSandbox(optionsFromArgs(['--port', process.env.SANDBOX_PORT ?? '4010']).overrides);
  // Fábio also sends a voice note, so the demo shows the player.
  seedVoiceNoteDemo(sandbox.ctx, sandbox.url, seedReceptiveDemo(sandbox.ctx));
  seedHistoryDemo(sandbox.ctx);
  console.log(banner(sandbox));
  return sandbox;
}

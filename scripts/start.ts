/**
 * `npm start`: runs Helena Desk. With no backend configured (HELENA_URL unset) it first starts the
 * bundled sandbox HelenaCRM server with demo data (data in ./.sandbox-data), so the app is usable at once.
 *
 * The Electron shell and the renderer are later issues; until they exist this starts the backend
 * the app will use and says so, instead of failing.
 */
import { existsSync } from 'node:fs';
import { runCli } from '../sandbox/cli';

async function main(): Promise<void> {
  let backendUrl = process.env.HELENA_URL ?? '';
  if (!backendUrl) {
    console.log('Helena Desk: nenhum HELENA_URL configurado; iniciando o sandbox HelenaCRM com dados de demonstração.');
    const sandbox = await runCli(['--port', process.env.SANDBOX_PORT ?? '4010']);
    if (!sandbox) return;
    backendUrl = sandbox.url;
  }
  if (!existsSync('dist/electron/main.cjs')) {
    console.log(`Helena Desk: a janela do aplicativo ainda não foi construída (shell Electron: próxima etapa). Backend: ${backendUrl}`);
  }
}

main().catch((err: unknown) => {
  if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    console.error(`Helena Desk: a porta ${process.env.SANDBOX_PORT ?? '4010'} já está em uso (outro sandbox aberto?). Feche-o ou defina outra porta: SANDBOX_PORT=4011 npm start`);
    process.exit(1);
  }
  console.error('Helena Desk não conseguiu iniciar:', err instanceof Error ? err.message : err);
  process.exit(1);
});

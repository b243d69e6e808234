/**
 * `npm start`: runs Helena Desk. With no backend configured (HELENA_URL unset) it first starts the
 * bundled sandbox HelenaCRM server with demo data, so the app is usable at once.
 *
 * The Electron shell and the renderer are later issues; until they exist this starts the backend
 * the app will use and says so, instead of failing.
 */
import { existsSync } from 'node:fs';
import { createSandbox } from '../sandbox/app';

async function main(): Promise<void> {
  const configured = process.env.HELENA_URL;
  let backendUrl = configured ?? '';
  if (!configured) {
    const sandbox = await createSandbox({ port: Number(process.env.SANDBOX_PORT ?? 4010), dataDir: '.sandbox-data', verbose: true });
    backendUrl = sandbox.url;
    console.log(`Helena Desk: nenhum HELENA_URL configurado; usando o sandbox em ${sandbox.url} (dados de demonstração).`);
    console.log(`Abra ${sandbox.url}/ para ver os usuários de demonstração; os códigos de acesso aparecem aqui.`);
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  if (!existsSync('dist/electron/main.cjs')) {
    console.log(`Helena Desk: a janela do aplicativo ainda não foi construída (shell Electron: próxima etapa). Backend: ${backendUrl}`);
  }
}

main().catch((err: unknown) => {
  console.error('Helena Desk não conseguiu iniciar:', err instanceof Error ? err.message : err);
  process.exit(1);
});

/**
 * `npm run sandbox [-- flags]`: runs the HelenaCRM sandbox server alone, with demo data, and
 * prints how to log in. One-time codes are printed here when someone asks for one.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PriceTableSchema } from '../src/domain/cost';
import { createSandbox, type RunningSandbox, type SandboxOverrides } from './app';
import { DEMO_AGENTS } from './seed';

const HELP = `Sandbox HelenaCRM: servidor de demonstração compatível com a API do HelenaCRM.

Uso: npm run sandbox -- [opções]

  --port N            porta HTTP (padrão 4010; 0 escolhe uma livre)
  --host H            endereço (padrão 127.0.0.1)
  --data DIR          pasta dos dados SQLite (padrão ./.sandbox-data)
  --memory            não grava nada em disco (dados somem ao sair)
  --contacts N        garante N contatos sintéticos a mais (benchmarks; 1000000 leva alguns segundos)
  --no-demo           não cria a empresa de demonstração num banco vazio
  --control           liga a API de controle /control/v1/* (códigos, relógio, mensagens, falhas)
  --strict-window     texto livre fora da janela de 24 h é recusado (erro 131047) em vez de ficar em WAIT_REPLY
  --latency MS        atraso adicionado a cada resposta HTTP
  --error-rate X      fração (0..1) de respostas 500 em /core e /chat
  --drop-sockets      derruba as conexões socket.io assim que conectam
  --rate-limit N      requisições por janela de 5 s por conta (padrão 200)
  --prices FILE       tabela de preços (JSON: categoria → país → {amount, currency})
  --upload-max-mb N   maior arquivo aceito no envio de arquivos, em MB (padrão 100, o limite do WhatsApp para documentos)
  --verbose           registra também os eventos internos (os códigos de acesso são sempre mostrados)
  --quiet             não mostra nada além do endereço (nem os códigos: use --control)
  --help              esta ajuda
`;

export class CliError extends Error {}

function numberFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new CliError(`--${name}: esperado um número de ${min} a ${max}, recebido "${value}"`);
  return n;
}

/** Flags → sandbox options. Throws CliError with a pt-BR message on a bad flag. */
export function optionsFromArgs(argv: string[]): { overrides: SandboxOverrides; help: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      memory: { type: 'boolean' },
      contacts: { type: 'string' },
      'no-demo': { type: 'boolean' },
      control: { type: 'boolean' },
      'strict-window': { type: 'boolean' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'drop-sockets': { type: 'boolean' },
      'rate-limit': { type: 'string' },
      prices: { type: 'string' },
      'upload-max-mb': { type: 'string' },
      verbose: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const overrides: SandboxOverrides = {
    port: numberFlag('port', values.port, 0, 65535) ?? 4010,
    dataDir: values.memory ? null : (values.data ?? './.sandbox-data'),
    demoData: !values['no-demo'],
    syntheticContacts: Math.floor(numberFlag('contacts', values.contacts, 0, 50_000_000) ?? 0),
    control: values.control ?? false,
    strictWindow: values['strict-window'] ?? false,
    // Login codes are only ever shown through ctx.log: the CLI keeps it on unless asked to be quiet.
    verbose: !values.quiet,
    faults: {
      latencyMs: numberFlag('latency', values.latency, 0, 60_000) ?? 0,
      errorRate: numberFlag('error-rate', values['error-rate'], 0, 1) ?? 0,
      dropSockets: values['drop-sockets'] ?? false,
    },
  };
  if (values.host) overrides.host = values.host;
  const rateLimit = numberFlag('rate-limit', values['rate-limit'], 1, 1_000_000);
  if (rateLimit !== undefined) overrides.rateLimit = { max: Math.floor(rateLimit) };
  const uploadMaxMb = numberFlag('upload-max-mb', values['upload-max-mb'], 1, 1000);
  if (uploadMaxMb !== undefined) overrides.uploadMaxBytes = Math.floor(uploadMaxMb * 1_000_000);
  if (values.prices) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(values.prices, 'utf8')) as unknown;
    } catch (err) {
      throw new CliError(`--prices: não consegui ler ${values.prices} (${err instanceof Error ? err.message : String(err)})`);
    }
    const parsed = PriceTableSchema.safeParse(raw);
    if (!parsed.success) throw new CliError(`--prices: ${values.prices} não é uma tabela de preços válida (${parsed.error.issues[0]?.message ?? ''})`);
    overrides.prices = parsed.data;
  }
  return { overrides, help: values.help ?? false };
}

const PROFILE_LABEL: Record<string, string> = { Admin: 'administradora', Agent: 'atendente', RestrictedAgent: 'atendente restrito' };

export function banner(sandbox: RunningSandbox): string {
  const { options } = sandbox.ctx;
  const lines = [
    `Sandbox HelenaCRM rodando em ${sandbox.url}`,
    `  APIs: ${sandbox.url}/core  ${sandbox.url}/chat  (login: ${sandbox.url}/auth/v1, tempo real: socket.io)`,
    `  Dados: ${options.dataDir ?? 'só em memória'}${options.control ? '  ·  API de controle ligada (/control/v1)' : ''}`,
    '',
    'Entre com um destes usuários de demonstração (e-mail ou telefone):',
    ...DEMO_AGENTS.map((a) => `  ${a.email.padEnd(42)} ${a.phone}  ${a.name} (${PROFILE_LABEL[a.profile] ?? a.profile})`),
    '',
    options.verbose
      ? 'Os códigos de acesso aparecem aqui quando alguém pede um.'
      : 'Modo silencioso: leia os códigos em /control/v1/login-code (com --control).',
    'Ctrl+C para sair.',
  ];
  return lines.join('\n');
}

/** Starts the sandbox from CLI flags and closes it cleanly on SIGINT/SIGTERM. */
export async function runCli(argv: string[]): Promise<RunningSandbox | null> {
  const { overrides, help } = optionsFromArgs(argv);
  if (help) {
    console.log(HELP);
    return null;
  }
  if ((overrides.syntheticContacts ?? 0) > 0) console.log(`Gerando ${overrides.syntheticContacts} contatos sintéticos…`);
  const started = performance.now();
  const sandbox = await createSandbox(overrides);
  if ((overrides.syntheticContacts ?? 0) > 0) console.log(`Pronto em ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  console.log(banner(sandbox));
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`\n${signal}: encerrando o sandbox…`);
    sandbox
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        console.error('Falha ao encerrar:', err);
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return sandbox;
}

const isMain = process.argv[1] !== undefined && /sandbox[\\/]cli\.[cm]?[jt]s$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2)).catch((err: unknown) => {
    if (err instanceof CliError || (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))) {
      console.error(`${err.message}\n\n${HELP}`);
      process.exit(2);
    }
    console.error('O sandbox não conseguiu iniciar:', err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

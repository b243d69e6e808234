/**
 * What the setup screen says when an address is refused, in pt-BR and English (the renderer shows
 * the agent's language from ConsoleErrorBody.message / messageEn). Each sentence says what is
 * wrong and what to do next, for an agent who may not know what a server is.
 */
import { interpolate, type MessageValues } from '../domain/messages';
import { failureText, type FailureReason } from '../api/failure-messages';
import type { ConsoleErrorBody } from '../console/errors';
import type { CertificateFlaw } from '../net/net-failures';

export const EXAMPLE_ADDRESS = 'https://api.helena.run';

const PT_BR = {
  'server.empty': `Digite o endereço do servidor do HelenaCRM da sua empresa, por exemplo ${EXAMPLE_ADDRESS}.`,
  'server.not_an_address': `"{{address}}" não é um endereço de servidor. Digite-o como o suporte passou, por exemplo ${EXAMPLE_ADDRESS}.`,
  'server.looks_like_email': `Isto parece um e-mail. Aqui vai o endereço do servidor do HelenaCRM (por exemplo ${EXAMPLE_ADDRESS}); o seu e-mail você digita na próxima tela.`,
  'server.not_https':
    'O endereço precisa começar com https://: seu login e suas conversas passam por esse servidor, e sem https qualquer pessoa na mesma rede poderia lê-los. (http:// só vale para um servidor neste computador: localhost ou 127.0.0.1.)',
  'server.has_credentials': 'Tire o usuário e a senha do endereço: o Helena Desk entra com o seu e-mail ou telefone e o código de acesso.',
  'server.not_found':
    'O endereço {{host}} não foi encontrado. Confira se está escrito certo e se este computador está conectado à internet (cabo ou Wi-Fi, e a VPN da empresa, se vocês usam uma).',
  'server.no_answer':
    '{{host}} não respondeu. Confira a conexão deste computador com a internet (cabo ou Wi-Fi, e a VPN da empresa, se vocês usam uma) e o endereço; se estiver tudo certo, o servidor pode estar fora do ar: tente de novo em alguns minutos.',
  'server.server_error': '{{host}} respondeu com um erro (HTTP {{status}}): o servidor pode estar com problemas. Tente de novo em alguns minutos; se continuar, avise o suporte.',
  'server.not_helena': `{{host}} respondeu, mas não é um servidor do HelenaCRM. Confira o endereço com o suporte: é o endereço do servidor (como ${EXAMPLE_ADDRESS}), não o de um site.`,
  'server.set_by_env': 'O servidor foi definido pela variável HELENA_URL deste computador e não pode ser trocado aqui: quem instalou o Helena Desk (o suporte de TI) muda ou tira essa variável.',
  'server.signed_in': 'Saia da sua conta antes de trocar de servidor.',
  'server.busy': 'Um endereço já está sendo verificado. Aguarde a resposta.',
  'server.save_failed': 'Não foi possível guardar o endereço neste computador ({{reason}}). Verifique se há espaço em disco e tente de novo.',
  'server.not_configured': 'Escolha o servidor do HelenaCRM antes de continuar.',
  'server.open_failed': 'Não foi possível abrir os dados deste servidor neste computador ({{reason}}). Feche e abra o Helena Desk; se continuar, avise o suporte.',
} as const;

export type SetupMessageCode = keyof typeof PT_BR;

const EN: Record<SetupMessageCode, string> = {
  'server.empty': `Type the address of your company's HelenaCRM server, for example ${EXAMPLE_ADDRESS}.`,
  'server.not_an_address': `"{{address}}" is not a server address. Type it as support gave it to you, for example ${EXAMPLE_ADDRESS}.`,
  'server.looks_like_email': `That looks like an e-mail address. This is for the HelenaCRM server's address (for example ${EXAMPLE_ADDRESS}); you type your e-mail on the next screen.`,
  'server.not_https':
    'The address must start with https://: your login and your conversations go through this server, and without https anyone on the same network could read them. (http:// is only for a server on this computer: localhost or 127.0.0.1.)',
  'server.has_credentials': 'Take the user name and password out of the address: Helena Desk signs in with your e-mail or phone and the access code.',
  'server.not_found':
    "The address {{host}} was not found. Check that it is spelled right and that this computer is connected to the internet (cable or Wi-Fi, and the company's VPN if you use one).",
  'server.no_answer':
    "{{host}} did not answer. Check this computer's internet connection (cable or Wi-Fi, and the company's VPN if you use one) and the address; if all is right, the server may be down: try again in a few minutes.",
  'server.server_error': '{{host}} answered with an error (HTTP {{status}}): the server may be having problems. Try again in a few minutes; if it goes on, tell support.',
  'server.not_helena': `{{host}} answered, but it is not a HelenaCRM server. Check the address with support: it is the server's address (like ${EXAMPLE_ADDRESS}), not a web site's.`,
  'server.set_by_env': "The server was set by this computer's HELENA_URL variable and cannot be changed here: whoever installed Helena Desk (IT support) changes or removes that variable.",
  'server.signed_in': 'Sign out before changing servers.',
  'server.busy': 'An address is already being checked. Wait for the answer.',
  'server.save_failed': 'The address could not be kept on this computer ({{reason}}). Check that there is free disk space and try again.',
  'server.not_configured': 'Choose the HelenaCRM server before going on.',
  'server.open_failed': "This server's data could not be opened on this computer ({{reason}}). Close and open Helena Desk; if it goes on, tell support.",
};

/** The refusal the bridge carries for `code`, both languages filled in. */
export function setupError(code: SetupMessageCode, values: MessageValues = {}): ConsoleErrorBody {
  return { code, message: interpolate(PT_BR[code], values), messageEn: interpolate(EN[code], values) };
}

/** The core did not open for the chosen server: `reason` is the core's own, `reasonEn` the same in English when it had one. */
export function openFailedError(reason: string, reasonEn: string): ConsoleErrorBody {
  return { code: 'server.open_failed', message: interpolate(PT_BR['server.open_failed'], { reason }), messageEn: interpolate(EN['server.open_failed'], { reason: reasonEn }) };
}

/**
 * A refusal the core would give too (a certificate, the proxy), in the very words the core's
 * errors use (api/failure-messages.ts): the agent reads one sentence for one problem, on this
 * screen or later.
 */
function sameAsCore(code: string, reason: FailureReason): ConsoleErrorBody {
  return { code: `server.${code}`, message: failureText(reason), messageEn: failureText(reason, 'en') };
}

/** The certificate refusal, with the flaw named in each language. */
export function certificateError(host: string, flaw: CertificateFlaw): ConsoleErrorBody {
  return sameAsCore('certificate', { code: `certificate_${flaw}`, values: { host } });
}

/** The proxy (host:port) could not be reached or would not open the way. */
export function proxyError(proxy: string): ConsoleErrorBody {
  return sameAsCore('proxy', { code: 'proxy_unreachable', values: { host: proxy } });
}

/** The proxy wants a user and password. */
export function proxyAuthError(): ConsoleErrorBody {
  return sameAsCore('proxy_auth', { code: 'proxy_auth', values: {} });
}

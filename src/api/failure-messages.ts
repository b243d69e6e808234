/**
 * Why a HelenaCRM call or a send failed, is held or is being retried, by stable code, in pt-BR and en
 * (errors.ts agentReason, src/outbox/failure-policy.ts). Messages and outbox rows store the code beside
 * the pt-BR text (messages.failed_reason_code, outbox.last_error_code, migration 006), so a view can
 * give it in English too. The console's catalog lists them as "failure.<code>" (console-messages.ts).
 * They live here, below the console, because the client and the outbox write them.
 */
import type { Locale } from '../domain/window';
import { interpolate, type MessageValues } from '../domain/messages';

export const FAILURE_PT_BR = {
  unauthorized: 'Acesso não autorizado no HelenaCRM. Entre novamente com seu e-mail ou telefone.',
  unauthorized_expired:
    'Sua sessão no HelenaCRM expirou. Entre novamente com seu e-mail ou telefone; seus dados locais continuam aqui.',
  forbidden: 'Você não tem permissão para fazer isso no HelenaCRM.',
  not_found: 'Não encontrado no HelenaCRM: o registro pode ter sido removido.',
  rate_limited: 'O HelenaCRM pediu uma pausa (limite de solicitações). Tentaremos de novo em {{seconds}} s, sem perder nada.',
  window_closed:
    'A janela de 24 horas do WhatsApp está fechada: só um modelo aprovado pode ser enviado agora. A mensagem aguarda a resposta do contato.',
  validation: 'O HelenaCRM recusou os dados.',
  validation_fields: 'O HelenaCRM recusou os dados ({{fields}}).',
  validation_text: 'O HelenaCRM recusou os dados: {{serverText}}',
  validation_fields_text: 'O HelenaCRM recusou os dados ({{fields}}): {{serverText}}',
  conflict: 'Conflito no HelenaCRM: o registro foi alterado por outra pessoa. Atualize e tente de novo.',
  conflict_text: 'Conflito no HelenaCRM: {{serverText}}',
  network: 'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.',
  network_timeout:
    'O HelenaCRM demorou demais para responder. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.',
  server: 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.',
  // The setup screen says these too (setup-messages.ts): one sentence for each, wherever it shows.
  proxy_unreachable: 'Não foi possível conectar ao HelenaCRM pelo proxy {{host}}. Confira a configuração de proxy do computador ou avise a TI.',
  proxy_auth:
    'O proxy da rede pediu usuário e senha para deixar o Helena Desk chegar ao HelenaCRM. Isso não se resolve sozinho: avise a TI, que pode liberar o HelenaCRM no proxy ou configurar o acesso no Helena Desk.',
  certificate_expired:
    'O certificado de segurança de {{host}} está vencido, então o Helena Desk não envia seu login nem suas mensagens para lá. Confira o endereço; se estiver certo, avise o suporte de TI.',
  certificate_self_signed:
    'O certificado de segurança de {{host}} não foi emitido por uma autoridade reconhecida (é autoassinado), então o Helena Desk não envia seu login nem suas mensagens para lá. Confira o endereço; se estiver certo, avise o suporte de TI.',
  certificate_wrong_name:
    'O certificado de segurança de {{host}} é de outro endereço, então o Helena Desk não envia seu login nem suas mensagens para lá. Confira o endereço; se estiver certo, avise o suporte de TI.',
  certificate_untrusted:
    'O certificado de segurança de {{host}} não é confiável, então o Helena Desk não envia seu login nem suas mensagens para lá. Confira o endereço; se estiver certo, avise o suporte de TI.',
  invalid_response: 'O HelenaCRM enviou uma resposta inesperada (campo {{path}}). Avise o suporte.',
  invalid_response_body: 'O HelenaCRM enviou uma resposta inesperada (campo corpo). Avise o suporte.',
  unknown: 'Falha inesperada ao enviar a mensagem. Tente novamente.',
  auth_paused: 'Sua sessão no HelenaCRM expirou: a mensagem sai assim que você entrar de novo.',
  window_held: 'A janela de 24 horas está fechada: a mensagem aguarda a resposta do contato.',
  whatsapp_refused: 'O WhatsApp recusou a mensagem.',
  conversation_completed:
    'A conversa foi concluída antes da resposta do contato: a mensagem não foi enviada. Para falar com ele, inicie um novo atendimento.',
  conversation_completed_unsent:
    'A conversa foi concluída antes de a mensagem sair: ela não foi enviada. Para falar com o contato, inicie um novo atendimento.',
  conversation_gone:
    'A conversa saiu da sua visão antes da resposta do contato (foi transferida para outra equipe ou atendente): a mensagem não foi enviada.',
  start_failed_unsent:
    'O HelenaCRM recusou o início deste atendimento, então esta mensagem não foi enviada. Para falar com o contato, volte aos atendimentos (Esc) e inicie outro (+).',
  conversation_gone_unsent:
    'A conversa saiu da sua visão (foi transferida para outra equipe ou atendente) antes de a mensagem sair: ela não foi enviada.',
  sent_conversation_gone:
    'A mensagem foi enviada, mas a conversa saiu da sua visão (foi transferida para outra equipe ou atendente) antes de o HelenaCRM confirmar o envio.',
  conversation_gone_unconfirmed:
    'A conversa saiu da sua visão (foi transferida para outra equipe ou atendente) antes de o HelenaCRM confirmar o envio: a mensagem pode ter chegado ao contato. Confira com quem está com a conversa antes de enviar de novo.',
  held_conversation_gone:
    'A conversa saiu da sua visão (foi transferida para outra equipe ou atendente): a mensagem continua retida no HelenaCRM e sai se o contato responder antes de a conversa ser concluída. Daqui não dá mais para cancelá-la nem editá-la.',
  attachment_missing:
    'O arquivo anexado não está mais neste computador (a pasta de dados do Helena Desk foi apagada ou restaurada): cancele esta mensagem e anexe o arquivo de novo.',
  // HelenaCRM's own words (a message it failed), shown in pt-BR as they came.
  whatsapp_refused_text: '{{serverText}}',
} as const;

export type FailureReasonCode = keyof typeof FAILURE_PT_BR;

export const FAILURE_EN: Record<FailureReasonCode, string> = {
  unauthorized: 'HelenaCRM refused the access. Sign in again with your e-mail or phone.',
  unauthorized_expired: 'Your HelenaCRM session expired. Sign in again with your e-mail or phone; your local data is still here.',
  forbidden: 'You are not allowed to do this in HelenaCRM.',
  not_found: 'Not found in HelenaCRM: it may have been removed.',
  rate_limited: 'HelenaCRM asked for a pause (request limit). It is tried again in {{seconds}} s; nothing is lost.',
  window_closed:
    'The WhatsApp 24-hour window is closed: only an approved template can go now. The message waits for the contact’s reply.',
  validation: 'HelenaCRM refused the data.',
  validation_fields: 'HelenaCRM refused the data ({{fields}}).',
  validation_text: 'HelenaCRM refused the data: {{serverText}}',
  validation_fields_text: 'HelenaCRM refused the data ({{fields}}): {{serverText}}',
  conflict: 'Conflict in HelenaCRM: someone else changed the record. Refresh and try again.',
  conflict_text: 'Conflict in HelenaCRM: {{serverText}}',
  network: 'No connection to HelenaCRM. Your messages stay queued and go out when it is back.',
  network_timeout: 'HelenaCRM took too long to answer. Your messages stay queued and go out when the connection is back.',
  server: 'HelenaCRM is unstable right now. It is tried again automatically.',
  proxy_unreachable: "HelenaCRM could not be reached through the proxy {{host}}. Check this computer's proxy settings or tell IT.",
  proxy_auth:
    "The network's proxy asked for a user name and password before letting Helena Desk reach HelenaCRM. This will not fix itself: tell IT, who can let HelenaCRM through the proxy or set up the access in Helena Desk.",
  certificate_expired:
    'The security certificate of {{host}} has expired, so Helena Desk will not send your login or your messages there. Check the address; if it is right, tell IT support.',
  certificate_self_signed:
    'The security certificate of {{host}} was not issued by a recognised authority (it is self-signed), so Helena Desk will not send your login or your messages there. Check the address; if it is right, tell IT support.',
  certificate_wrong_name:
    'The security certificate of {{host}} belongs to another address, so Helena Desk will not send your login or your messages there. Check the address; if it is right, tell IT support.',
  certificate_untrusted:
    'The security certificate of {{host}} is not trusted, so Helena Desk will not send your login or your messages there. Check the address; if it is right, tell IT support.',
  invalid_response: 'HelenaCRM sent an unexpected answer (field {{path}}). Tell support.',
  invalid_response_body: 'HelenaCRM sent an unexpected answer (its body). Tell support.',
  unknown: 'Unexpected failure while sending the message. Try again.',
  auth_paused: 'Your HelenaCRM session expired: the message goes out as soon as you sign in again.',
  window_held: 'The 24-hour window is closed: the message waits for the contact’s reply.',
  whatsapp_refused: 'WhatsApp refused the message.',
  conversation_completed: 'The conversation was completed before the contact replied: the message was not sent. To reach them, start a new conversation.',
  conversation_completed_unsent: 'The conversation was completed before the message went out: it was not sent. To reach the contact, start a new conversation.',
  conversation_gone: 'The conversation left your sight before the contact replied (it was transferred to another team or agent): the message was not sent.',
  start_failed_unsent: 'HelenaCRM refused to start this conversation, so this message was not sent. To reach the contact, go back to the conversations (Esc) and start a new one (+).',
  conversation_gone_unsent: 'The conversation left your sight (it was transferred to another team or agent) before the message went out: it was not sent.',
  sent_conversation_gone: 'The message was sent, but the conversation left your sight (it was transferred to another team or agent) before HelenaCRM confirmed it.',
  conversation_gone_unconfirmed:
    'The conversation left your sight (it was transferred to another team or agent) before HelenaCRM confirmed the send: the contact may have got the message. Check with whoever has the conversation before sending it again.',
  held_conversation_gone:
    'The conversation left your sight (it was transferred to another team or agent): HelenaCRM still holds the message, and it goes if the contact replies before the conversation is completed. It can no longer be cancelled or edited from here.',
  attachment_missing: 'The attached file is no longer on this computer (Helena Desk’s data folder was deleted or restored): cancel this message and attach the file again.',
  whatsapp_refused_text: 'WhatsApp refused the message: {{serverText}}',
};

/** Why a send failed, is held or is retried: a code and the values its sentence takes (e.g. HelenaCRM's own text). */
export interface FailureReason {
  code: FailureReasonCode;
  values: MessageValues;
}

export function isFailureReasonCode(code: string): code is FailureReasonCode {
  return Object.hasOwn(FAILURE_PT_BR, code);
}

export function failureText(reason: FailureReason, locale: Locale = 'pt-BR'): string {
  return interpolate((locale === 'en' ? FAILURE_EN : FAILURE_PT_BR)[reason.code], reason.values);
}

/**
 * What the console says to the agent, by code, in pt-BR (the core's language) and en. A refusal
 * carries both texts (ConsoleErrorBody.message and messageEn), so the renderer shows the agent's
 * language with no catalog of its own; the domain's rule texts come from src/domain/messages.ts the
 * same way.
 */
import { interpolate, type MessageValues } from '../domain/messages';
import type { Locale } from '../domain/window';

const PT_BR = {
  'app.already_open': 'O Helena Desk já está aberto.',
  'app.internal': 'Algo deu errado no Helena Desk. Tente de novo; se continuar, avise o suporte.',
  'core.restarted':
    'O Helena Desk se recuperou de uma falha interna enquanto atendia este pedido. Confira a conversa antes de repetir: ele pode já ter sido feito.',
  'core.unavailable': 'O Helena Desk está se recuperando de uma falha interna. Tente de novo em alguns segundos.',
  'command.unknown': 'Comando desconhecido: {{command}}.',
  'input.invalid_for': 'Entrada inválida para "{{command}}".',
  'auth.required': 'Entre com seu e-mail ou telefone para continuar.',
  'auth.expired': 'Sua sessão no HelenaCRM expirou. Entre novamente; seus dados locais continuam aqui.',
  'auth.code_invalid': 'Código incorreto, já usado ou expirado. Confira os 6 dígitos ou peça um novo código.',
  'store.not_open': 'O Helena Desk ainda não abriu o banco de dados local.',
  'store.agent_not_saved': 'Não foi possível salvar o agente no cache local.',
  'template.inactive': 'Este modelo está desativado.',
  'template.archived': 'Este modelo está arquivado.',
  'template.not_attendance': 'Este modelo não é do tipo Atendimento.',
  'template.other_channel': 'Este modelo pertence a outro canal.',
  'template.other_channel_type': 'Este modelo é de outro tipo de canal.',
  'template.team_not_allowed': 'Este modelo não está liberado para a equipe escolhida.',
  'template.not_approved': 'Este modelo ainda não foi aprovado pelo WhatsApp.',
  'template.not_cached': 'Modelo não encontrado no cache local. Sincronize e tente de novo.',
  'message.not_found': 'Mensagem não encontrada.',
  'message.not_template': 'Esta mensagem não usa modelo.',
  'message.other_author': 'Esta mensagem foi escrita por outro agente: só quem a escreveu pode alterá-la ou cancelá-la.',
  'message.too_late_edit': 'A mensagem já foi enviada e não pode mais ser editada.',
  'message.not_failed': 'Esta mensagem não falhou: não há o que tentar de novo.',
  'message.too_late_cancel': 'A mensagem já foi enviada e não pode mais ser cancelada.',
  'channel.not_cached': 'Canal não encontrado. Sincronize e tente de novo.',
  'channel.disconnected': 'Este canal está desconectado.',
  'team.not_mine': 'Você não faz parte desta equipe: escolha uma das suas equipes.',
  'conversation.not_cached': 'Conversa não encontrada no cache local.',
  'conversation.not_found': 'Conversa não encontrada.',
  'conversation.not_my_teams': 'Esta conversa não é das suas equipes.',
  'conversation.assume_first': 'Assuma o atendimento antes de escrever nesta conversa.',
  'contact.not_cached': 'Contato não encontrado no cache local.',
  'contact.no_whatsapp': 'Este contato não tem um telefone de WhatsApp válido.',
  'phone.invalid': 'Número de telefone inválido. Digite o DDD e o número, por exemplo (11) 98765-4321, ou +código do país para números de fora.',
  'start.template_and_text': 'Envie um modelo ou um texto, não os dois.',
  'start.text_or_template': 'Escreva a mensagem ou escolha um modelo.',
  'start.template_required': 'Neste canal a conversa começa com um modelo de mensagem aprovado: escolha um modelo.',
  // Why a HelenaCRM call or a send failed, is held or is being retried (src/api/errors.ts agentReason,
  // src/outbox/failure-policy.ts). Messages and outbox rows store the code after "failure." beside the
  // pt-BR text (messages.failed_reason_code, outbox.last_error_code), so the view can give it in English too.
  'failure.unauthorized': 'Acesso não autorizado no HelenaCRM. Entre novamente com seu e-mail ou telefone.',
  'failure.unauthorized_expired':
    'Sua sessão no HelenaCRM expirou. Entre novamente com seu e-mail ou telefone; seus dados locais continuam aqui.',
  'failure.forbidden': 'Você não tem permissão para fazer isso no HelenaCRM.',
  'failure.not_found': 'Não encontrado no HelenaCRM: o registro pode ter sido removido.',
  'failure.rate_limited': 'O HelenaCRM pediu uma pausa (limite de solicitações). Tentaremos de novo em {{seconds}} s, sem perder nada.',
  'failure.window_closed':
    'A janela de 24 horas do WhatsApp está fechada: só um modelo aprovado pode ser enviado agora. A mensagem aguarda a resposta do contato.',
  'failure.validation': 'O HelenaCRM recusou os dados.',
  'failure.validation_fields': 'O HelenaCRM recusou os dados ({{fields}}).',
  'failure.validation_text': 'O HelenaCRM recusou os dados: {{serverText}}',
  'failure.validation_fields_text': 'O HelenaCRM recusou os dados ({{fields}}): {{serverText}}',
  'failure.conflict': 'Conflito no HelenaCRM: o registro foi alterado por outra pessoa. Atualize e tente de novo.',
  'failure.conflict_text': 'Conflito no HelenaCRM: {{serverText}}',
  'failure.network': 'Sem conexão com o HelenaCRM. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.',
  'failure.network_timeout':
    'O HelenaCRM demorou demais para responder. Suas mensagens ficam na fila e serão enviadas quando a conexão voltar.',
  'failure.server': 'O HelenaCRM está com instabilidade no momento. Tentaremos de novo automaticamente.',
  'failure.invalid_response': 'O HelenaCRM enviou uma resposta inesperada (campo {{path}}). Avise o suporte.',
  'failure.invalid_response_body': 'O HelenaCRM enviou uma resposta inesperada (campo corpo). Avise o suporte.',
  'failure.unknown': 'Falha inesperada ao enviar a mensagem. Tente novamente.',
  'failure.auth_paused': 'Sua sessão no HelenaCRM expirou: a mensagem sai assim que você entrar de novo.',
  'failure.window_held': 'A janela de 24 horas está fechada: a mensagem aguarda a resposta do contato.',
  'failure.whatsapp_refused': 'O WhatsApp recusou a mensagem.',
  // HelenaCRM's own words (a message it failed), shown in pt-BR as they came.
  'failure.whatsapp_refused_text': '{{serverText}}',
} as const;

export type ConsoleMessageCode = keyof typeof PT_BR;

const EN: Record<ConsoleMessageCode, string> = {
  'app.already_open': 'Helena Desk is already open.',
  'app.internal': 'Something went wrong in Helena Desk. Try again; if it goes on, tell support.',
  'core.restarted':
    'Helena Desk recovered from an internal failure while handling this request. Check the conversation before repeating it: it may already have been done.',
  'core.unavailable': 'Helena Desk is recovering from an internal failure. Try again in a few seconds.',
  'command.unknown': 'Unknown command: {{command}}.',
  'input.invalid_for': 'Invalid input for "{{command}}".',
  'auth.required': 'Sign in with your e-mail or phone to continue.',
  'auth.expired': 'Your HelenaCRM session expired. Sign in again; your local data is still here.',
  'auth.code_invalid': 'Wrong, already used or expired code. Check the 6 digits or ask for a new code.',
  'store.not_open': 'Helena Desk has not opened its local database yet.',
  'store.agent_not_saved': 'Could not save the agent in the local cache.',
  'template.inactive': 'This template is turned off.',
  'template.archived': 'This template is archived.',
  'template.not_attendance': 'This template is not an attendance (Atendimento) template.',
  'template.other_channel': 'This template belongs to another channel.',
  'template.other_channel_type': 'This template is for another kind of channel.',
  'template.team_not_allowed': 'This template is not available to the chosen team.',
  'template.not_approved': 'WhatsApp has not approved this template yet.',
  'template.not_cached': 'Template not found in the local cache. Sync and try again.',
  'message.not_found': 'Message not found.',
  'message.not_template': 'This message does not use a template.',
  'message.other_author': 'Another agent wrote this message: only they can change or cancel it.',
  'message.too_late_edit': 'The message has already gone out and can no longer be edited.',
  'message.not_failed': 'This message did not fail: there is nothing to retry.',
  'message.too_late_cancel': 'The message has already gone out and can no longer be cancelled.',
  'channel.not_cached': 'Channel not found. Sync and try again.',
  'channel.disconnected': 'This channel is disconnected.',
  'team.not_mine': 'You are not in this team: choose one of your teams.',
  'conversation.not_cached': 'Conversation not found in the local cache.',
  'conversation.not_found': 'Conversation not found.',
  'conversation.not_my_teams': 'This conversation does not belong to your teams.',
  'conversation.assume_first': 'Take the conversation before writing in it.',
  'contact.not_cached': 'Contact not found in the local cache.',
  'contact.no_whatsapp': 'This contact has no valid WhatsApp number.',
  'phone.invalid': 'Invalid phone number. Type the area code and the number, e.g. (11) 98765-4321, or +country code for numbers abroad.',
  'start.template_and_text': 'Send a template or a text, not both.',
  'start.text_or_template': 'Write the message or choose a template.',
  'start.template_required': 'On this channel a conversation starts with an approved message template: choose one.',
  'failure.unauthorized': 'HelenaCRM refused the access. Sign in again with your e-mail or phone.',
  'failure.unauthorized_expired': 'Your HelenaCRM session expired. Sign in again with your e-mail or phone; your local data is still here.',
  'failure.forbidden': 'You are not allowed to do this in HelenaCRM.',
  'failure.not_found': 'Not found in HelenaCRM: it may have been removed.',
  'failure.rate_limited': 'HelenaCRM asked for a pause (request limit). It is tried again in {{seconds}} s; nothing is lost.',
  'failure.window_closed':
    'The WhatsApp 24-hour window is closed: only an approved template can go now. The message waits for the contact’s reply.',
  'failure.validation': 'HelenaCRM refused the data.',
  'failure.validation_fields': 'HelenaCRM refused the data ({{fields}}).',
  'failure.validation_text': 'HelenaCRM refused the data: {{serverText}}',
  'failure.validation_fields_text': 'HelenaCRM refused the data ({{fields}}): {{serverText}}',
  'failure.conflict': 'Conflict in HelenaCRM: someone else changed the record. Refresh and try again.',
  'failure.conflict_text': 'Conflict in HelenaCRM: {{serverText}}',
  'failure.network': 'No connection to HelenaCRM. Your messages stay queued and go out when it is back.',
  'failure.network_timeout': 'HelenaCRM took too long to answer. Your messages stay queued and go out when the connection is back.',
  'failure.server': 'HelenaCRM is unstable right now. It is tried again automatically.',
  'failure.invalid_response': 'HelenaCRM sent an unexpected answer (field {{path}}). Tell support.',
  'failure.invalid_response_body': 'HelenaCRM sent an unexpected answer (its body). Tell support.',
  'failure.unknown': 'Unexpected failure while sending the message. Try again.',
  'failure.auth_paused': 'Your HelenaCRM session expired: the message goes out as soon as you sign in again.',
  'failure.window_held': 'The 24-hour window is closed: the message waits for the contact’s reply.',
  'failure.whatsapp_refused': 'WhatsApp refused the message.',
  'failure.whatsapp_refused_text': 'WhatsApp refused the message: {{serverText}}',
};

export const CONSOLE_MESSAGES: Readonly<Record<Locale, Readonly<Record<ConsoleMessageCode, string>>>> = { 'pt-BR': PT_BR, en: EN };

export type ConsoleMessageValues = MessageValues;

export function consoleText(code: ConsoleMessageCode, values: ConsoleMessageValues = {}, locale: Locale = 'pt-BR'): string {
  return interpolate(CONSOLE_MESSAGES[locale][code], values);
}

type FailureSuffix<C> = C extends `failure.${infer Code}` ? Code : never;
/** The stable code of a failure reason ('network', 'auth_paused', 'conflict_text'…): its catalog key without "failure.". */
export type FailureReasonCode = FailureSuffix<ConsoleMessageCode>;

/** Why a send failed, is held or is retried: a code and the values its sentence takes (e.g. HelenaCRM's own text). */
export interface FailureReason {
  code: FailureReasonCode;
  values: ConsoleMessageValues;
}

export function isFailureReasonCode(code: string): code is FailureReasonCode {
  return Object.hasOwn(PT_BR, `failure.${code}`);
}

export function failureText(reason: FailureReason, locale: Locale = 'pt-BR'): string {
  return consoleText(`failure.${reason.code}`, reason.values, locale);
}

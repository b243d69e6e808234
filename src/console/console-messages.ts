/**
 * What the console says to the agent, by code, in pt-BR (the core's language) and en. A refusal
 * carries both texts (ConsoleErrorBody.message and messageEn), so the renderer shows the agent's
 * language with no catalog of its own; the domain's rule texts come from src/domain/messages.ts the
 * same way.
 */
import { interpolate, type MessageValues } from '../domain/messages';
import type { Locale } from '../domain/window';
import { FAILURE_EN, FAILURE_PT_BR } from '../api/failure-messages';

/** The failure sentences under "failure.<code>", as the catalog names them. */
function prefixed<T extends Record<string, string>>(texts: T): { [K in keyof T & string as `failure.${K}`]: T[K] } {
  return Object.fromEntries(Object.entries(texts).map(([code, text]) => [`failure.${code}`, text])) as { [K in keyof T & string as `failure.${K}`]: T[K] };
}

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
  'auth.login_invalid': 'Digite o e-mail completo (como nome@empresa.com.br) ou o telefone com DDD.',
  'store.not_open': 'O Helena Desk ainda não abriu o banco de dados local.',
  'store.agent_not_saved': 'Não foi possível salvar o agente no cache local.',
  'store.disk_full':
    'O disco deste computador está cheio e o Helena Desk não conseguiu salvar. Libere espaço (apague arquivos que não usa ou esvazie a Lixeira) e tente de novo.',
  'store.write_failed':
    'O Helena Desk não conseguiu gravar no disco deste computador. Tente de novo; se continuar, reinicie o computador ou avise o suporte.',
  'store.corrupt':
    'Os dados locais do Helena Desk neste computador estão danificados. Feche e abra o Helena Desk: ele verifica os dados, guarda uma cópia para o suporte e recupera as mensagens da fila.',
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
  'message.no_media': 'Esta mensagem não leva imagem, vídeo nem documento: não há link para mudar.',
  'message.other_author': 'Esta mensagem foi escrita por outro agente: só quem a escreveu pode alterá-la ou cancelá-la.',
  'message.too_late_edit': 'A mensagem já foi enviada e não pode mais ser editada.',
  'message.edit_held_offline':
    'Sem conexão com o HelenaCRM: esta mensagem já está lá, aguardando a resposta do contato, e só pode ser editada com a conexão. Ela continua como estava; tente de novo quando a conexão voltar.',
  'message.edit_held_order':
    'Só dá para editar a última mensagem que aguarda a resposta do contato: editada, esta iria depois das que você escreveu em seguida. Cancele as seguintes, edite esta e escreva-as de novo.',
  'message.edit_held_unsettled':
    'A conexão caiu durante a edição: o Helena Desk a termina sozinho assim que o HelenaCRM responder. Se o contato responder antes disso, pode ir a mensagem original.',
  'message.edit_held_server_error':
    'O HelenaCRM falhou ao retirar a mensagem original para a edição: o Helena Desk tenta de novo sozinho em instantes. Se o contato responder antes disso, pode ir a mensagem original.',
  'message.edit_held_abandoned':
    'Edição não feita: o HelenaCRM falhou várias vezes ao retirar a mensagem original. A original continua na fila e sai quando o contato responder. Para trocar o texto, use Editar de novo; para não enviar nada, Cancelar envio.',
  'message.not_failed': 'Esta mensagem não falhou: não há o que tentar de novo.',
  'message.start_failed':
    'Mensagem não enviada: o início deste atendimento falhou ({{reason}}) e o contato não recebeu nada, então ela esperaria por uma resposta que não virá. Confira o número do contato e, para tentar de novo, volte aos atendimentos (Esc) e inicie outro (+).',
  'message.start_failed_no_reason': 'o WhatsApp não entregou o modelo',
  'message.too_late_cancel': 'A mensagem já foi enviada e não pode mais ser cancelada.',
  'message.too_late_cancel_file': 'O arquivo já foi enviado ao WhatsApp e pode já ter chegado ao contato: não dá mais para cancelar.',
  'note.empty': 'A nota interna está vazia: escreva o recado para a equipe.',
  'file.name_invalid': 'O nome do arquivo está vazio, é longo demais ou tem caracteres inválidos: renomeie o arquivo e anexe de novo.',
  'file.too_big': 'O arquivo passa de 16 MB, o maior que o Helena Desk envia. Diminua o arquivo ou envie um link.',
  'file.incomplete': 'O arquivo chegou incompleto ao Helena Desk. Anexe de novo (Alt+U).',
  'received.no_file': 'Esta mensagem não tem arquivo para abrir.',
  'received.no_link':
    'O HelenaCRM ainda não informou onde está este arquivo. Aguarde a conversa atualizar e tente de novo; se continuar, abra-o no HelenaCRM.',
  'received.url_refused':
    'O link deste arquivo não é seguro (não é https), então o Helena Desk não o baixa. Abra-o no HelenaCRM e avise o suporte.',
  'received.too_big': 'O arquivo tem {{size}}, mais que os 16 MB que o Helena Desk baixa. Abra-o no HelenaCRM pelo navegador.',
  'received.gone': 'O arquivo não está mais disponível (o link expirou ou foi removido). Peça ao contato que envie de novo.',
  'received.refused': 'O servidor do arquivo recusou o download. Tente de novo mais tarde ou abra-o no HelenaCRM.',
  'received.server': 'O servidor do arquivo falhou. Tente de novo em instantes.',
  'received.offline': 'Sem conexão para baixar o arquivo. Confira a internet e tente de novo; depois de baixado uma vez, ele abre mesmo sem conexão.',
  'received.timeout': 'O download demorou demais e foi interrompido. Tente de novo; numa conexão lenta pode levar mais tempo.',
  'received.not_saved': 'O arquivo foi baixado mas não coube na pasta de dados do Helena Desk (disco cheio?). Ele abre agora, mas será baixado de novo da próxima vez.',
  'channel.not_cached': 'Canal não encontrado. Sincronize e tente de novo.',
  'channel.disconnected': 'Este canal está desconectado.',
  'team.not_mine': 'Você não faz parte desta equipe: escolha uma das suas equipes.',
  'conversation.not_cached': 'Conversa não encontrada no cache local.',
  'conversation.not_found': 'Conversa não encontrada.',
  'conversation.not_my_teams': 'Esta conversa não é das suas equipes.',
  'conversation.assume_first': 'Assuma o atendimento (Alt+A) antes de escrever nesta conversa.',
  'conversation.completed': 'Este atendimento foi concluído e só pode ser lido. Para falar de novo com o contato, inicie um novo atendimento (+).',
  'contact.not_cached': 'Contato não encontrado no cache local.',
  'contact.no_whatsapp': 'Este contato não tem um telefone de WhatsApp válido.',
  'contact.name_empty': 'Digite o nome do contato.',
  'contact.name_too_long': 'O nome aceita no máximo 200 caracteres.',
  'contact.email_invalid': 'Digite um e-mail válido, como nome@empresa.com.br, ou deixe em branco para apagar.',
  'contact.nothing_to_change': 'Informe o nome ou o e-mail a alterar.',
  'contact.offline':
    'Sem conexão com o HelenaCRM: o contato não foi alterado. Tente de novo quando a conexão voltar (o que você digitou continua aqui).',
  'contact.server_unstable': 'O HelenaCRM está instável agora: o contato não foi alterado. Tente de novo em instantes.',
  'contact.not_found': 'Este contato não existe mais no HelenaCRM (foi removido lá). Para falar com este número, inicie um atendimento com ele (+).',
  'contact.forbidden': 'O HelenaCRM não permite que você altere este contato. Peça a um administrador.',
  'contact.name_refused': 'O HelenaCRM não aceitou este nome. Confira e tente de novo.',
  'contact.email_refused': 'O HelenaCRM não aceitou este e-mail. Confira o endereço ou deixe em branco.',
  'schedule.offline':
    'Sem conexão com o HelenaCRM: nada foi agendado. Um agendamento só vale quando o HelenaCRM o recebe; tente de novo quando a conexão voltar (o que você escolheu continua aqui).',
  'schedule.unknown_outcome':
    'A resposta do HelenaCRM se perdeu: o agendamento pode ter sido feito ou não. Confira a lista de agendados desta conversa antes de tentar de novo, para não agendar duas vezes.',
  'schedule.server_unstable': 'O HelenaCRM está instável agora: nada mudou. Tente de novo em instantes.',
  'schedule.forbidden': 'O HelenaCRM não permite que você agende mensagens para este contato. Peça a um administrador.',
  'schedule.too_soon': 'Escolha um momento pelo menos 1 minuto à frente.',
  'schedule.too_far': 'O agendamento vai até 90 dias à frente. Escolha uma data mais próxima.',
  'schedule.cancel_offline': 'Sem conexão com o HelenaCRM: o agendamento não foi cancelado. Tente de novo quando a conexão voltar.',
  'schedule.already_processed': 'Tarde demais: o HelenaCRM já enviou (ou cancelou) esta mensagem agendada.',
  'schedule.not_found': 'Este agendamento não existe mais no HelenaCRM.',
  'schedule.no_contact': 'Esta conversa não tem um contato com WhatsApp: não há para quem agendar.',
  'schedule.move_offline': 'Sem conexão com o HelenaCRM: o horário não foi alterado e continua o de antes. Tente de novo quando a conexão voltar.',
  'schedule.move_too_late': 'Não dá mais para alterar o horário: o HelenaCRM já processou este agendamento (enviado, não enviado ou cancelado). Veja a conversa.',
  'schedule.not_failed': 'Só um agendamento não enviado pode ser dispensado.',
  'contact.tags_nothing_to_change': 'Escolha uma etiqueta para pôr ou tirar.',
  'contact.tag_unknown': 'Uma das etiquetas não existe mais no HelenaCRM: as etiquetas não foram alteradas. Feche e abra a edição para ver a lista atual.',
  'agent.availability_offline':
    'Sem conexão com o HelenaCRM: sua disponibilidade não mudou. Uma pausa só vale quando o HelenaCRM sabe dela; tente de novo quando a conexão voltar.',
  'agent.availability_server_unstable': 'O HelenaCRM está instável agora: sua disponibilidade não mudou. Tente de novo em instantes.',
  'agent.availability_forbidden': 'O HelenaCRM não permite que você mude sua disponibilidade. Peça a um administrador.',
  'transfer.note_pending':
    'A nota ainda não chegou ao HelenaCRM, então o atendimento não foi transferido (quem recebesse não a veria). A nota continua na fila da conversa e sai sozinha; transfira de novo em instantes.',
  'transfer.note_failed':
    'O HelenaCRM não aceitou a nota ({{reason}}), então o atendimento não foi transferido. Confira a nota na conversa e tente de novo.',
  'phone.invalid': 'Número de telefone inválido. Digite o DDD e o número, por exemplo (11) 98765-4321, ou +código do país para números de fora.',
  'start.template_and_text': 'Envie um modelo ou um texto, não os dois.',
  'start.text_or_template': 'Escreva a mensagem ou escolha um modelo.',
  'start.template_required': 'Neste canal a conversa começa com um modelo de mensagem aprovado: escolha um modelo.',
  'start.open_conversation':
    'Este contato já tem um atendimento aberto neste número: abra essa conversa e escreva nela (no +, Enter no contato). Um novo início só mandaria um modelo pago para a mesma conversa.',
  ...prefixed(FAILURE_PT_BR),
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
  'auth.login_invalid': 'Type the whole e-mail (like name@company.com) or the phone number with its area code.',
  'store.not_open': 'Helena Desk has not opened its local database yet.',
  'store.agent_not_saved': 'Could not save the agent in the local cache.',
  'store.disk_full': "This computer's disk is full and Helena Desk could not save. Free some space (delete files you do not use or empty the Recycle Bin) and try again.",
  'store.write_failed': "Helena Desk could not write to this computer's disk. Try again; if it goes on, restart the computer or tell support.",
  'store.corrupt': "Helena Desk's local data on this computer is damaged. Close and reopen Helena Desk: it checks the data, keeps a copy for support and recovers the queued messages.",
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
  'message.no_media': 'This message carries no image, video or document: there is no link to change.',
  'message.other_author': 'Another agent wrote this message: only they can change or cancel it.',
  'message.too_late_edit': 'The message has already gone out and can no longer be edited.',
  'message.edit_held_offline':
    'No connection to HelenaCRM: this message is already there, waiting for the contact\'s reply, and can only be edited with the connection. It stays as it was; try again when the connection is back.',
  'message.edit_held_order':
    'Only the last message waiting for the contact\'s reply can be edited: edited, this one would go after the ones you wrote next. Cancel the later ones, edit this one and write them again.',
  'message.edit_held_unsettled':
    'The connection dropped during the edit: Helena Desk finishes it by itself as soon as HelenaCRM answers. If the contact replies before that, the original message may go instead.',
  'message.edit_held_server_error':
    'HelenaCRM failed to withdraw the original message for the edit: Helena Desk tries again by itself in a moment. If the contact replies before that, the original message may go instead.',
  'message.edit_held_abandoned':
    'Edit not made: HelenaCRM failed several times to withdraw the original message. The original stays queued and goes out when the contact replies. To change the text, use Edit again; to send nothing, Cancel sending.',
  'message.not_failed': 'This message did not fail: there is nothing to retry.',
  'message.start_failed':
    "Message not sent: this conversation's start failed ({{reason}}) and the contact received nothing, so it would wait for a reply that will not come. Check the contact's number and, to try again, go back to the conversations (Esc) and start a new one (+).",
  'message.start_failed_no_reason': 'WhatsApp did not deliver the template',
  'message.too_late_cancel': 'The message has already gone out and can no longer be cancelled.',
  'message.too_late_cancel_file': 'The file has already been handed to WhatsApp and may have reached the contact: it can no longer be cancelled.',
  'note.empty': 'The internal note is empty: write something for the team.',
  'file.name_invalid': 'The file name is empty, too long or has invalid characters: rename the file and attach it again.',
  'file.too_big': 'The file is over 16 MB, the largest Helena Desk sends. Make it smaller or send a link.',
  'file.incomplete': 'The file reached Helena Desk incomplete. Attach it again (Alt+U).',
  'received.no_file': 'This message has no file to open.',
  'received.no_link': "HelenaCRM has not said yet where this file is. Wait for the conversation to update and try again; if it goes on, open it in HelenaCRM.",
  'received.url_refused': "This file's link is not secure (not https), so Helena Desk does not download it. Open it in HelenaCRM and tell support.",
  'received.too_big': 'The file is {{size}}, more than the 16 MB Helena Desk downloads. Open it in HelenaCRM in the browser.',
  'received.gone': 'The file is no longer available (the link expired or it was removed). Ask the contact to send it again.',
  'received.refused': "The file's server refused the download. Try again later or open it in HelenaCRM.",
  'received.server': "The file's server failed. Try again in a moment.",
  'received.offline': 'No connection to download the file. Check the internet and try again; once downloaded, it opens even offline.',
  'received.timeout': 'The download took too long and was stopped. Try again; on a slow connection it may take longer.',
  'received.not_saved': "The file was downloaded but did not fit in Helena Desk's data folder (disk full?). It opens now, but will be downloaded again next time.",
  'channel.not_cached': 'Channel not found. Sync and try again.',
  'channel.disconnected': 'This channel is disconnected.',
  'team.not_mine': 'You are not in this team: choose one of your teams.',
  'conversation.not_cached': 'Conversation not found in the local cache.',
  'conversation.not_found': 'Conversation not found.',
  'conversation.not_my_teams': 'This conversation does not belong to your teams.',
  'conversation.assume_first': 'Take the conversation (Alt+A) before writing in it.',
  'conversation.completed': 'This conversation was completed and can only be read. To talk to the contact again, start a new conversation (+).',
  'contact.not_cached': 'Contact not found in the local cache.',
  'contact.no_whatsapp': 'This contact has no valid WhatsApp number.',
  'contact.name_empty': 'Type the contact’s name.',
  'contact.name_too_long': 'The name takes at most 200 characters.',
  'contact.email_invalid': 'Type a valid e-mail, like name@company.com, or leave it blank to remove it.',
  'contact.nothing_to_change': 'Give the name or the e-mail to change.',
  'contact.offline': 'No connection to HelenaCRM: the contact was not changed. Try again when the connection is back (what you typed is still here).',
  'contact.server_unstable': 'HelenaCRM is unstable right now: the contact was not changed. Try again in a moment.',
  'contact.not_found': 'This contact no longer exists in HelenaCRM (it was removed there). To reach this number, start a conversation with it (+).',
  'contact.forbidden': 'HelenaCRM does not let you change this contact. Ask an administrator.',
  'contact.name_refused': 'HelenaCRM did not accept this name. Check it and try again.',
  'contact.email_refused': 'HelenaCRM did not accept this e-mail. Check the address or leave it blank.',
  'schedule.offline':
    'No connection to HelenaCRM: nothing was scheduled. A schedule only counts once HelenaCRM has it; try again when the connection is back (your choices are still here).',
  'schedule.unknown_outcome':
    "HelenaCRM's answer was lost: the message may or may not have been scheduled. Check this conversation's scheduled list before trying again, so it is not scheduled twice.",
  'schedule.server_unstable': 'HelenaCRM is unstable right now: nothing changed. Try again in a moment.',
  'schedule.forbidden': 'HelenaCRM does not let you schedule messages for this contact. Ask an administrator.',
  'schedule.too_soon': 'Choose a moment at least 1 minute ahead.',
  'schedule.too_far': 'Scheduling goes up to 90 days ahead. Choose an earlier date.',
  'schedule.cancel_offline': 'No connection to HelenaCRM: the schedule was not cancelled. Try again when the connection is back.',
  'schedule.already_processed': 'Too late: HelenaCRM has already sent (or cancelled) this scheduled message.',
  'schedule.not_found': 'This scheduled message no longer exists in HelenaCRM.',
  'schedule.no_contact': 'This conversation has no contact with WhatsApp: there is no one to schedule for.',
  'schedule.move_offline': 'No connection to HelenaCRM: the time was not changed and stays as it was. Try again when the connection is back.',
  'schedule.move_too_late': 'The time can no longer be changed: HelenaCRM has already processed this schedule (sent, not sent or cancelled). Check the conversation.',
  'schedule.not_failed': 'Only a schedule that was not sent can be dismissed.',
  'contact.tags_nothing_to_change': 'Choose a tag to add or remove.',
  'contact.tag_unknown': 'One of the tags no longer exists in HelenaCRM: the tags were not changed. Close and reopen the editor to see the current list.',
  'agent.availability_offline':
    'No connection to HelenaCRM: your availability did not change. A break only counts once HelenaCRM knows of it; try again when the connection is back.',
  'agent.availability_server_unstable': 'HelenaCRM is unstable right now: your availability did not change. Try again in a moment.',
  'agent.availability_forbidden': 'HelenaCRM does not let you change your availability. Ask an administrator.',
  'transfer.note_pending':
    'The note has not reached HelenaCRM yet, so the conversation was not transferred (whoever received it would not see the note). The note stays queued in the conversation and goes out by itself; transfer again in a moment.',
  'transfer.note_failed': 'HelenaCRM did not take the note ({{reason}}), so the conversation was not transferred. Check the note in the conversation and try again.',
  'phone.invalid': 'Invalid phone number. Type the area code and the number, e.g. (11) 98765-4321, or +country code for numbers abroad.',
  'start.template_and_text': 'Send a template or a text, not both.',
  'start.text_or_template': 'Write the message or choose a template.',
  'start.template_required': 'On this channel a conversation starts with an approved message template: choose one.',
  'start.open_conversation':
    'This contact already has an open conversation on this number: open it and write there (in +, Enter on the contact). A new start would only send a paid template into that same conversation.',
  ...prefixed(FAILURE_EN),
};

export const CONSOLE_MESSAGES: Readonly<Record<Locale, Readonly<Record<ConsoleMessageCode, string>>>> = { 'pt-BR': PT_BR, en: EN };

export type ConsoleMessageValues = MessageValues;

/** Whether `code` names a sentence of this catalog (a zod schema may name one as its issue's message). */
export function isConsoleMessageCode(code: string): code is ConsoleMessageCode {
  return Object.hasOwn(PT_BR, code);
}

export function consoleText(code: ConsoleMessageCode, values: ConsoleMessageValues = {}, locale: Locale = 'pt-BR'): string {
  return interpolate(CONSOLE_MESSAGES[locale][code], values);
}

/**
 * The texts the domain rules produce, by stable code, in pt-BR (default) and en. Every rule
 * result carries `code` + `values` so the UI can translate with its own i18n (the strings use
 * i18next's `{{name}}` interpolation, so DOMAIN_MESSAGES can be loaded as a resource bundle),
 * plus a ready pt-BR `message` for callers without i18n (the sandbox, logs).
 */
import type { Locale } from './window';

const PT_BR = {
  'template.param.missing': 'Preencha o parâmetro "{{param}}".',
  'template.param.newline_or_tab': 'O parâmetro "{{param}}" não pode ter quebras de linha nem tabulações.',
  'template.param.too_many_spaces': 'O parâmetro "{{param}}" não pode ter mais de quatro espaços seguidos.',
  'template.media.missing_image': 'Este modelo tem imagem: informe o link público da imagem (https://…).',
  'template.media.missing_video': 'Este modelo tem vídeo: informe o link público do vídeo (https://…).',
  'template.media.missing_document': 'Este modelo tem documento: informe o link público do documento (https://…).',
  'template.media.invalid_image': 'O link da imagem precisa ser um endereço público https://… (ou o id de um arquivo já enviado ao HelenaCRM).',
  'template.media.invalid_video': 'O link do vídeo precisa ser um endereço público https://… (ou o id de um arquivo já enviado ao HelenaCRM).',
  'template.media.invalid_document': 'O link do documento precisa ser um endereço público https://… (ou o id de um arquivo já enviado ao HelenaCRM).',
  'template.media.unexpected': 'Este modelo não tem mídia: não informe link de arquivo.',
  'attachment.name_invalid': 'O nome do arquivo está vazio, é longo demais (mais de 255 caracteres) ou tem caracteres inválidos: renomeie o arquivo e anexe de novo.',
  'attachment.empty': 'O arquivo "{{name}}" está vazio (0 bytes): anexe outro arquivo.',
  'attachment.type_not_allowed':
    'O WhatsApp não aceita o tipo de "{{name}}". Anexe PDF, Word, Excel, PowerPoint ou texto (.txt), imagem JPG ou PNG, vídeo MP4 ou 3GP, ou áudio MP3, OGG, AAC, AMR ou M4A.',
  'attachment.too_big_document': '"{{name}}" tem {{size}}; o Helena Desk envia documentos de até {{max}}. Diminua o arquivo (um PDF menor, por exemplo) ou envie um link.',
  'attachment.too_big_image': '"{{name}}" tem {{size}}; o WhatsApp aceita imagens de até {{max}}. Diminua a imagem ou anexe-a em PDF.',
  'attachment.too_big_video': '"{{name}}" tem {{size}}; o WhatsApp aceita vídeos de até {{max}}. Envie um vídeo mais curto ou de menor qualidade.',
  'attachment.too_big_audio': '"{{name}}" tem {{size}}; o WhatsApp aceita áudios de até {{max}}. Envie um áudio mais curto.',
  'attachment.caption_too_long':
    'A legenda tem {{length}} caracteres; o WhatsApp aceita no máximo {{max}} junto de um arquivo. Encurte o texto ou envie-o numa mensagem à parte.',
  'attachment.caption_audio': 'O WhatsApp não mostra legenda em áudio: apague o texto da caixa (envie-o numa mensagem à parte) e tecle Enter de novo.',
  'attachment.image_format': '"{{name}}" é uma imagem {{format}}, que o WhatsApp não entrega como foto. Salve-a como JPG ou PNG (ou anexe-a em PDF) e envie de novo.',
  'attachment.content_mismatch':
    'O conteúdo de "{{name}}" não é de um arquivo {{format}}: o nome diz uma coisa e o arquivo é outra, ou ele está danificado. Abra o arquivo, salve-o de novo como {{format}} e anexe outra vez.',
  'attachment.program': '"{{name}}" é um programa, não um documento: o Helena Desk não envia programas.',
  'text.empty': 'Escreva a mensagem antes de enviar.',
  'text.too_long': 'A mensagem tem {{length}} caracteres; o WhatsApp aceita no máximo {{max}}.',
  'cost.template': 'Modelo de categoria {{category}} para {{country}}: cobrado por mensagem entregue ({{price}}).',
  'cost.template_unknown_category':
    'Categoria do modelo não reconhecida ("{{categoryName}}"): estimado como Marketing, a mais cara ({{price}}).',
  'cost.price_missing': 'Modelo de categoria {{category}}: cobrado, mas não há preço configurado para {{country}}.',
  'cost.free_text': 'Texto livre é respondido dentro da janela de 24 horas (categoria Serviço): sem custo.',
  'cost.unofficial_channel': 'Canal não oficial (QR Code): o WhatsApp não cobra por mensagem.',
  'cost.other_channel': 'Instagram e Messenger não cobram por mensagem.',
} as const;

export type MessageCode = keyof typeof PT_BR;

const EN: Record<MessageCode, string> = {
  'template.param.missing': 'Fill in the parameter "{{param}}".',
  'template.param.newline_or_tab': 'The parameter "{{param}}" cannot contain line breaks or tabs.',
  'template.param.too_many_spaces': 'The parameter "{{param}}" cannot have more than four spaces in a row.',
  'template.media.missing_image': 'This template has an image: enter the public link to the image (https://…).',
  'template.media.missing_video': 'This template has a video: enter the public link to the video (https://…).',
  'template.media.missing_document': 'This template has a document: enter the public link to the document (https://…).',
  'template.media.invalid_image': 'The image link must be a public https://… address (or the id of a file already uploaded to HelenaCRM).',
  'template.media.invalid_video': 'The video link must be a public https://… address (or the id of a file already uploaded to HelenaCRM).',
  'template.media.invalid_document': 'The document link must be a public https://… address (or the id of a file already uploaded to HelenaCRM).',
  'template.media.unexpected': 'This template has no media: leave the file link out.',
  'attachment.name_invalid': 'The file name is empty, too long (over 255 characters) or has invalid characters: rename the file and attach it again.',
  'attachment.empty': 'The file "{{name}}" is empty (0 bytes): attach another file.',
  'attachment.type_not_allowed':
    'WhatsApp does not take the type of "{{name}}". Attach a PDF, Word, Excel, PowerPoint or text (.txt) file, a JPG or PNG image, an MP4 or 3GP video, or MP3, OGG, AAC, AMR or M4A audio.',
  'attachment.too_big_document': '"{{name}}" is {{size}}; Helena Desk sends documents of up to {{max}}. Make the file smaller (a smaller PDF, say) or send a link.',
  'attachment.too_big_image': '"{{name}}" is {{size}}; WhatsApp takes images of up to {{max}}. Make the image smaller or attach it as a PDF.',
  'attachment.too_big_video': '"{{name}}" is {{size}}; WhatsApp takes videos of up to {{max}}. Send a shorter or lower-quality video.',
  'attachment.too_big_audio': '"{{name}}" is {{size}}; WhatsApp takes audio of up to {{max}}. Send a shorter recording.',
  'attachment.caption_too_long': 'The caption has {{length}} characters; WhatsApp takes at most {{max}} with a file. Shorten it or send it as a message of its own.',
  'attachment.caption_audio': 'WhatsApp shows no caption on audio: clear the box (send the text as a message of its own) and press Enter again.',
  'attachment.image_format': '"{{name}}" is a {{format}} image, which WhatsApp does not deliver as a photo. Save it as JPG or PNG (or attach it as a PDF) and send it again.',
  'attachment.content_mismatch':
    'The content of "{{name}}" is not a {{format}} file: the name says one thing and the file is another, or it is damaged. Open the file, save it again as {{format}} and attach it again.',
  'attachment.program': '"{{name}}" is a program, not a document: Helena Desk does not send programs.',
  'text.empty': 'Write the message before sending.',
  'text.too_long': 'The message has {{length}} characters; WhatsApp accepts at most {{max}}.',
  'cost.template': '{{category}} template to {{country}}: charged per delivered message ({{price}}).',
  'cost.template_unknown_category': 'Unknown template category ("{{categoryName}}"): estimated as Marketing, the most expensive ({{price}}).',
  'cost.price_missing': '{{category}} template: charged, but no price is configured for {{country}}.',
  'cost.free_text': 'Free text is a reply inside the 24-hour window (Service category): free of charge.',
  'cost.unofficial_channel': 'Unofficial channel (QR code): WhatsApp does not charge per message.',
  'cost.other_channel': 'Instagram and Messenger do not charge per message.',
};

export const DOMAIN_MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageCode, string>>>> = { 'pt-BR': PT_BR, en: EN };
export type MessageValues = Readonly<Record<string, string | number>>;

/** The text of `code` in `locale` with `{{name}}` replaced by `values[name]`. */
export function translate(code: MessageCode, values: MessageValues = {}, locale: Locale = 'pt-BR'): string {
  return interpolate(DOMAIN_MESSAGES[locale][code], values);
}

/** `{{name}}` replaced by `values[name]`; a name without a value stays as it is. */
export function interpolate(template: string, values: MessageValues): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    return value === undefined ? whole : String(value);
  });
}

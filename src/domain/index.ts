/**
 * The pure domain rules of Helena Desk: no I/O, shared by the core, the renderer and the sandbox.
 */
export {
  ATTACHMENT_ACCEPT,
  ATTACHMENT_MAX_BYTES,
  attachmentIssueText,
  attachmentKindOfMessageType,
  attachmentTypeOf,
  base64Length,
  checkAttachment,
  checkCaption,
  decodedBase64Length,
  extensionOf,
  formatBytes,
  isAcceptableFileName,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENT_NAME_LENGTH,
  MAX_CAPTION_LENGTH,
  WHATSAPP_MAX_BYTES,
  type AttachmentIssue,
  type AttachmentKind,
  type AttachmentMessageType,
  type AttachmentProblem,
  type AttachmentType,
  type CaptionIssue,
  type CaptionProblem,
  type UploadFileType,
} from './attachments';
export { channelFamilyOf, isUnofficialWhatsApp, type AnyChannelType, type ChannelFamily } from './channels';
export {
  categoryLabel,
  categoryOfTemplate,
  countryLabel,
  estimateCost,
  explainCost,
  formatMoney,
  PriceTableSchema,
  type CategoryGuess,
  type CostEstimate,
  type PriceEntry,
  type PriceTable,
  type SendForCost,
  type TemplateCategory,
  type WhatsAppCategory,
} from './cost';
export { DOMAIN_MESSAGES, translate, type MessageCode, type MessageValues } from './messages';
export { normalisePhone, phoneDigits, type NormalisedPhone } from './phone';
export {
  checkFreeText,
  checkTemplateParams,
  MAX_CONSECUTIVE_SPACES,
  MAX_TEXT_LENGTH,
  paramProblemOf,
  renderTemplate,
  templateParamNames,
  type ParamIssue,
  type ParamProblem,
  type TextIssue,
  type TextProblem,
} from './template-params';
export {
  checkTemplateMedia,
  FILE_TYPE_OF_KIND,
  isMediaFileId,
  isValidMediaRef,
  MAX_MEDIA_LINK_LENGTH,
  templateMediaKind,
  type MediaIssue,
  type MediaProblem,
  type TemplateMediaFileType,
  type TemplateMediaKind,
} from './template-media';
export {
  selectStartTemplates,
  startTemplateRejection,
  templateParamsOf,
  type StartTemplateContext,
  type TemplateRejection,
} from './templates';
export { canSeeSession, canWriteSession, type Profile, type SessionScope, type Viewer } from './visibility';
export {
  computeWindow,
  formatTimeLeft,
  WINDOW_MS,
  type Locale,
  type WindowInfo,
  type WindowInput,
  type WindowOptions,
  type WindowReason,
  type WindowState,
} from './window';

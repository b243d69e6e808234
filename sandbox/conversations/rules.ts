/**
 * WhatsApp and HelenaCRM rules of sending, as checks that throw the ApiError a client sees.
 * Pure functions of their arguments (rows in, error or value out), so they are unit-tested apart
 * from HTTP.
 */
import { checkTemplateParams, MAX_TEXT_LENGTH, renderTemplate, templateParamNames } from '../../src/domain/template-params';
import { isUnofficialWhatsApp } from '../../src/domain/channels';
import { checkTemplateMedia, FILE_TYPE_OF_KIND, isMediaFileId, templateMediaKind, type TemplateMediaFileType } from '../../src/domain/template-media';
import { ApiError } from '../http-errors';
import type { ChannelRow, TemplateRow } from './repo';
import { supportsTemplates } from './window';

export const WHATSAPP_131047_TEXT =
  '(#131047) Re-engagement message: more than 24 hours have passed since the customer last replied to this number. Send an approved template instead.';

/** WhatsApp Cloud API's refusal of free text outside the customer-service window. */
export function reEngagementError(windowStatus: string): ApiError {
  return new ApiError(400, 'whatsapp.131047', WHATSAPP_131047_TEXT, { code: 131047, windowStatus });
}

export function assertTextLength(text: string, field = 'text'): void {
  if (text.trim() === '') throw new ApiError(400, 'validation.field_required', `Field "${field}" is required.`, { field });
  if (text.length > MAX_TEXT_LENGTH) {
    throw new ApiError(400, 'message.text_too_long', `Field "${field}" has ${text.length} characters; WhatsApp accepts at most ${MAX_TEXT_LENGTH}.`, {
      field,
      max: MAX_TEXT_LENGTH,
      length: text.length,
    });
  }
}

function jsonStrings(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item === 'string') return [item];
    if (item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string') return [(item as { name: string }).name];
    return [];
  });
}

/** The template's parameter names: the stored list, or those found in its text. */
export function paramNamesOf(template: Pick<TemplateRow, 'params' | 'text'>): string[] {
  const stored = jsonStrings(template.params);
  return stored.length > 0 ? stored : templateParamNames(template.text);
}

const SENDABLE_KINDS = ['TEMPLATE', 'QUICKREPLY'];

/**
 * May this template be sent on this channel by this team? Official channels need an approved
 * template (Meta's review); QR channels have no review, so any active template of theirs goes.
 */
export function assertTemplateUsable(
  template: TemplateRow | undefined,
  channel: ChannelRow,
  departmentId: string | null,
  field = 'templateId',
): TemplateRow {
  if (!template) throw new ApiError(400, 'template.not_found', `Field "${field}": template not found.`, { field });
  if (!supportsTemplates(channel.type)) {
    throw new ApiError(400, 'channel.template_unsupported', `Channel type ${channel.type} does not support message templates.`, {
      field,
      channelType: channel.type,
    });
  }
  if (template.active !== 1 || template.archived === 1) {
    throw new ApiError(400, 'template.inactive', `Field "${field}": template "${template.name}" is inactive or archived.`, { field });
  }
  if (template.channel_id !== null && template.channel_id !== channel.id) {
    throw new ApiError(400, 'template.wrong_channel', `Field "${field}": template "${template.name}" belongs to another channel.`, { field });
  }
  const kinds = jsonStrings(template.kinds);
  if (!kinds.some((kind) => SENDABLE_KINDS.includes(kind))) {
    throw new ApiError(400, 'template.wrong_type', `Field "${field}": template "${template.name}" is not an attendance template or quick reply.`, {
      field,
      type: kinds,
    });
  }
  if (!isUnofficialWhatsApp(channel.type) && template.status !== 'Approved') {
    throw new ApiError(400, 'template.not_approved', `Field "${field}": template "${template.name}" is ${template.status}, not Approved.`, {
      field,
      status: template.status,
    });
  }
  const teams = jsonStrings(template.department_ids);
  if (teams.length > 0 && (departmentId === null || !teams.includes(departmentId))) {
    throw new ApiError(400, 'template.team_not_allowed', `Field "${field}": template "${template.name}" is not available to this team.`, {
      field,
      departmentId,
    });
  }
  return template;
}

/** Checks the parameters with WhatsApp's rules and renders the text that is sent. */
export function renderCheckedTemplate(template: TemplateRow, parameters: Readonly<Record<string, string>> | null | undefined): string {
  const values = parameters ?? {};
  const issues = checkTemplateParams(paramNamesOf(template), values);
  const first = issues[0];
  if (first) {
    throw new ApiError(400, 'template.invalid_parameter', `Template parameter "${first.param}" (${first.problem}): ${first.message}`, {
      field: `parameters.${first.param}`,
      parameters: issues,
    });
  }
  return renderTemplate(template.text, values);
}

/** The file a media template goes out with: the id of an uploaded file, or a public URL (the message gets a file id for it). */
export interface TemplateFile {
  type: TemplateMediaFileType;
  fileId: string | null;
  fileUrl: string | null;
}

/**
 * A template with media (fileType IMAGE, VIDEO, DOCUMENT) is sent only with its file: a public
 * https URL (http only on this machine) or the id of an uploaded file (the sandbox has no upload,
 * so any UUID stands for one). A file given for a template without media is ignored, as HelenaCRM
 * asks for it "only for templates with media". `field` names the request field the file came in.
 */
export function checkedTemplateFile(template: Pick<TemplateRow, 'name' | 'file_type'>, file: string | null | undefined, field: string): TemplateFile | null {
  const kind = templateMediaKind(template.file_type);
  if (kind === null) return null;
  const issue = checkTemplateMedia(kind, file);
  if (issue?.problem === 'missing') {
    throw new ApiError(400, 'template.file_required', `Field "${field}" is required: template "${template.name}" has a ${template.file_type} header; give a public URL or the id of an uploaded file.`, {
      field,
      fileType: template.file_type,
    });
  }
  if (issue) {
    throw new ApiError(400, 'validation.invalid_file', `Field "${field}": give a public https URL or the id of an uploaded file (UUID).`, {
      field,
      fileType: template.file_type,
    });
  }
  const value = (file ?? '').trim();
  const byId = isMediaFileId(value);
  return { type: FILE_TYPE_OF_KIND[kind], fileId: byId ? value.toLowerCase() : null, fileUrl: byId ? null : value };
}

/**
 * WhatsApp's rules for template parameters and text messages (ARCHITECTURE.md, "WhatsApp rules").
 * Shared by the console (to show one clear message per parameter before sending) and the
 * sandbox (to refuse what WhatsApp would refuse).
 */
import { translate, type MessageCode } from './messages';

/** Longest text message WhatsApp accepts, counted in UTF-16 units (String.length), as the sandbox counts. */
export const MAX_TEXT_LENGTH = 4096;
/** WhatsApp refuses a parameter with more than this many spaces in a row. */
export const MAX_CONSECUTIVE_SPACES = 4;

export type ParamProblem = 'missing' | 'newline_or_tab' | 'too_many_spaces';

export interface ParamIssue {
  param: string;
  problem: ParamProblem;
  /** Stable key for the UI's i18n (see DOMAIN_MESSAGES). */
  code: MessageCode;
  /** Interpolation values for `code`. */
  values: { param: string };
  /** pt-BR, for the agent. */
  message: string;
}

const PARAM_PATTERN = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Parameter names in order of first appearance in a template text. */
export function templateParamNames(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(PARAM_PATTERN)) {
    const name = match[1];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

type ParamValues = Readonly<Record<string, string | undefined>>;

/** Own properties only: a parameter named "constructor" must not find Object.prototype's. */
function valueOf(values: ParamValues, name: string): string | undefined {
  if (!Object.hasOwn(values, name)) return undefined;
  const value: unknown = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** The first rule `value` breaks, or null. A blank value counts as missing. */
export function paramProblemOf(value: string | undefined): ParamProblem | null {
  if (value === undefined || value.trim() === '') return 'missing';
  if (/[\n\r\t]/.test(value)) return 'newline_or_tab';
  if (value.includes(' '.repeat(MAX_CONSECUTIVE_SPACES + 1))) return 'too_many_spaces';
  return null;
}

function issueOf(param: string, problem: ParamProblem): ParamIssue {
  const code: MessageCode = `template.param.${problem}`;
  const values = { param };
  return { param, problem, code, values, message: translate(code, values) };
}

/** One issue per parameter that breaks a rule (the first rule it breaks), in the order of `names`. */
export function checkTemplateParams(names: readonly string[], values: ParamValues): ParamIssue[] {
  const issues: ParamIssue[] = [];
  const seen = new Set<string>();
  for (const param of names) {
    if (seen.has(param)) continue;
    seen.add(param);
    const problem = paramProblemOf(valueOf(values, param));
    if (problem) issues.push(issueOf(param, problem));
  }
  return issues;
}

/** The text with each `{{name}}` replaced by its value; a placeholder without a value stays as it is. */
export function renderTemplate(text: string, values: ParamValues): string {
  return text.replace(PARAM_PATTERN, (whole, name: string) => valueOf(values, name) ?? whole);
}

export type TextProblem = 'empty' | 'too_long';

export interface TextIssue {
  problem: TextProblem;
  code: MessageCode;
  values: { length: number; max: number };
  /** pt-BR, for the agent. */
  message: string;
}

/** Free text must have something besides spaces and at most MAX_TEXT_LENGTH characters. */
export function checkFreeText(text: string): TextIssue | null {
  const values = { length: text.length, max: MAX_TEXT_LENGTH };
  let problem: TextProblem | null = null;
  if (text.trim() === '') problem = 'empty';
  else if (text.length > MAX_TEXT_LENGTH) problem = 'too_long';
  if (problem === null) return null;
  const code: MessageCode = `text.${problem}`;
  return { problem, code, values, message: translate(code, values) };
}

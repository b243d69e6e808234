/**
 * WhatsApp's rules for template parameters and text messages (ARCHITECTURE.md, "WhatsApp rules").
 * Shared by the console (to show one clear message per parameter before sending) and the
 * sandbox (to refuse what WhatsApp would refuse).
 */
export const MAX_TEXT_LENGTH = 4096;

export type ParamProblem = 'missing' | 'newline_or_tab' | 'too_many_spaces';

export interface ParamIssue {
  param: string;
  problem: ParamProblem;
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

export function checkTemplateParams(names: readonly string[], values: Readonly<Record<string, string | undefined>>): ParamIssue[] {
  const issues: ParamIssue[] = [];
  for (const param of names) {
    const value = values[param];
    if (value === undefined || value.trim() === '') {
      issues.push({ param, problem: 'missing', message: `Preencha o parâmetro "${param}".` });
    } else if (/[\n\r\t]/.test(value)) {
      issues.push({ param, problem: 'newline_or_tab', message: `O parâmetro "${param}" não pode ter quebras de linha nem tabulações.` });
    } else if (/ {5,}/.test(value)) {
      issues.push({ param, problem: 'too_many_spaces', message: `O parâmetro "${param}" não pode ter mais de quatro espaços seguidos.` });
    }
  }
  return issues;
}

export function renderTemplate(text: string, values: Readonly<Record<string, string | undefined>>): string {
  return text.replace(PARAM_PATTERN, (whole, name: string) => values[name] ?? whole);
}

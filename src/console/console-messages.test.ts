import { describe, expect, it } from 'vitest';
import { DOMAIN_MESSAGES } from '../domain/messages';
import { agentMessage } from '../api/errors';
import { failureText, isFailureReasonCode } from '../api/failure-messages';
import { CONSOLE_MESSAGES, consoleText, type ConsoleMessageCode } from './console-messages';
import { COMMAND_SCHEMAS } from './commands';
import { inputError } from './errors';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('what the console says, in both languages', () => {
  it('has an English sentence for every pt-BR one, with the same placeholders', () => {
    for (const code of Object.keys(CONSOLE_MESSAGES['pt-BR']) as ConsoleMessageCode[]) {
      expect(consoleText(code, {}, 'en'), code).not.toBe(consoleText(code));
      expect(placeholders(consoleText(code, {}, 'en')), code).toEqual(placeholders(consoleText(code)));
    }
    for (const code of Object.keys(DOMAIN_MESSAGES['pt-BR']) as Array<keyof (typeof DOMAIN_MESSAGES)['pt-BR']>) {
      expect(placeholders(DOMAIN_MESSAGES.en[code])).toEqual(placeholders(DOMAIN_MESSAGES['pt-BR'][code]));
    }
    expect(consoleText('command.unknown', { command: 'x' }, 'en')).toBe('Unknown command: x.');
  });

  it('names the field of a refused input in English as well', () => {
    const parsed = COMMAND_SCHEMAS['draft.save'].safeParse({ conversationKey: 'nope', text: 'a'.repeat(4097) });
    if (parsed.success) throw new Error('expected a refusal');
    const body = inputError('draft.save', parsed.error).toJSON();
    expect(body.issues?.map((i) => i.messageEn)).toEqual([
      'The field "conversationKey" has an invalid format.',
      'The field "text" takes at most 4096 characters.',
    ]);
    expect(body.messageEn).toBe('The field "conversationKey" has an invalid format.');
  });

  it('has the reasons a send fails, is held or retried under "failure.<code>", HelenaCRM\'s own words inside both', () => {
    const codes = (Object.keys(CONSOLE_MESSAGES['pt-BR']) as ConsoleMessageCode[]).filter((c) => c.startsWith('failure.')).map((c) => c.slice('failure.'.length));
    expect(codes).toEqual(expect.arrayContaining(['unknown', 'auth_paused', 'conflict', 'conflict_text', 'window_closed', 'window_held', 'network', 'server', 'whatsapp_refused_text']));
    for (const code of codes) expect(isFailureReasonCode(code), code).toBe(true);
    expect(isFailureReasonCode('template.inactive')).toBe(false);
    expect(isFailureReasonCode('nope')).toBe(false);
    // pt-BR exactly as HelenaError said it before the catalog had it.
    expect(agentMessage({ kind: 'validation', fields: ['a', 'b'] }, 'campo ruim')).toBe('O HelenaCRM recusou os dados (a, b): campo ruim');
    expect(agentMessage({ kind: 'validation', fields: [] }, null)).toBe('O HelenaCRM recusou os dados.');
    expect(agentMessage({ kind: 'invalid_response', path: '', issue: 'x' }, null)).toBe('O HelenaCRM enviou uma resposta inesperada (campo corpo). Avise o suporte.');
    expect(agentMessage({ kind: 'invalid_response', path: 'items.3', issue: 'x' }, null)).toBe('O HelenaCRM enviou uma resposta inesperada (campo items.3). Avise o suporte.');
    const server = { code: 'whatsapp_refused_text', values: { serverText: 'Número não possui WhatsApp' } } as const;
    expect(failureText(server)).toBe('Número não possui WhatsApp');
    expect(failureText(server, 'en')).toBe('WhatsApp refused the message: Número não possui WhatsApp');
  });
});

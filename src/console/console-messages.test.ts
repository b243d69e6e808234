import { describe, expect, it } from 'vitest';
import { DOMAIN_MESSAGES } from '../domain/messages';
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
});

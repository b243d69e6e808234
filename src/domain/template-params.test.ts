import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { translate } from './messages';
import { checkFreeText, checkTemplateParams, MAX_TEXT_LENGTH, renderTemplate, templateParamNames } from './template-params';

describe('templateParamNames', () => {
  it('lists names in order of first appearance, once each', () => {
    expect(templateParamNames('Olá {{nome}}, seu pedido {{ pedido }} chega {{data}}. Obrigado, {{nome}}!')).toEqual(['nome', 'pedido', 'data']);
    expect(templateParamNames('Código {{1}} válido até {{2}}')).toEqual(['1', '2']);
    expect(templateParamNames('Sem parâmetros')).toEqual([]);
  });
});

describe('checkTemplateParams', () => {
  const table: { value: string | undefined; problem: string | null; message?: string; en?: string }[] = [
    { value: 'Maria', problem: null },
    { value: 'Maria  da    Silva', problem: null },
    { value: 'quatro    espaços', problem: null },
    { value: undefined, problem: 'missing', message: 'Preencha o parâmetro "nome".', en: 'Fill in the parameter "nome".' },
    { value: '', problem: 'missing' },
    { value: '   ', problem: 'missing' },
    { value: 'linha 1\nlinha 2', problem: 'newline_or_tab', message: 'O parâmetro "nome" não pode ter quebras de linha nem tabulações.' },
    { value: 'a\r\nb', problem: 'newline_or_tab' },
    { value: 'a\tb', problem: 'newline_or_tab', en: 'The parameter "nome" cannot contain line breaks or tabs.' },
    { value: 'cinco     espaços', problem: 'too_many_spaces', message: 'O parâmetro "nome" não pode ter mais de quatro espaços seguidos.' },
  ];
  for (const { value, problem, message, en } of table) {
    it(`${JSON.stringify(value)} → ${String(problem)}`, () => {
      const issues = checkTemplateParams(['nome'], value === undefined ? {} : { nome: value });
      if (problem === null) {
        expect(issues).toEqual([]);
        return;
      }
      expect(issues).toHaveLength(1);
      const [issue] = issues;
      expect(issue).toMatchObject({ param: 'nome', problem, code: `template.param.${problem}`, values: { param: 'nome' } });
      if (message) expect(issue?.message).toBe(message);
      if (en && issue) expect(translate(issue.code, issue.values, 'en')).toBe(en);
    });
  }

  it('gives one issue per broken parameter, in template order, once per name', () => {
    const issues = checkTemplateParams(['nome', 'pedido', 'data', 'nome'], { nome: 'Ana', data: 'a\nb' });
    expect(issues.map((i) => [i.param, i.problem])).toEqual([
      ['pedido', 'missing'],
      ['data', 'newline_or_tab'],
    ]);
  });

  it('does not take Object.prototype members for values', () => {
    const issues = checkTemplateParams(['constructor', 'toString', '__proto__'], {});
    expect(issues.map((i) => i.problem)).toEqual(['missing', 'missing', 'missing']);
  });

  it('never throws, and flags every value containing a newline or a tab', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 6 }),
        fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })),
        (names, values) => {
          const issues = checkTemplateParams(names, values);
          for (const name of names) {
            const value = Object.hasOwn(values, name) ? values[name] : undefined;
            const flagged = issues.some((issue) => issue.param === name);
            if (value === undefined || /[\n\r\t]/.test(value) || value.includes('     ') || value.trim() === '') expect(flagged).toBe(true);
            else expect(flagged).toBe(false);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('flags a newline or tab wherever it is in an otherwise valid value', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('\n', '\t', '\r'), fc.nat(), (text, bad, at) => {
        const base = `x${text.replace(/[\n\r\t]/g, '')}`;
        const pos = at % (base.length + 1);
        const value = base.slice(0, pos) + bad + base.slice(pos);
        const issues = checkTemplateParams(['p'], { p: value });
        expect(issues).toHaveLength(1);
        expect(['newline_or_tab', 'missing']).toContain(issues[0]?.problem);
      }),
    );
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder, including repeated ones', () => {
    expect(renderTemplate('Olá {{nome}}, pedido {{ pedido }}. Até logo, {{nome}}!', { nome: 'João', pedido: '#42' })).toBe(
      'Olá João, pedido #42. Até logo, João!',
    );
  });

  it('leaves placeholders without a value as they are', () => {
    expect(renderTemplate('Olá {{nome}} {{sobrenome}}', { nome: 'Ana' })).toBe('Olá Ana {{sobrenome}}');
    expect(renderTemplate('{{constructor}}', {})).toBe('{{constructor}}');
  });

  it('inserts values literally ($ patterns are not special)', () => {
    expect(renderTemplate('Total: {{valor}}', { valor: "R$ 10,00 $& $1 $'" })).toBe("Total: R$ 10,00 $& $1 $'");
  });
});

describe('checkFreeText', () => {
  it('accepts text up to 4096 characters', () => {
    expect(checkFreeText('Olá!')).toBeNull();
    expect(checkFreeText('a'.repeat(MAX_TEXT_LENGTH))).toBeNull();
    expect(checkFreeText('  linha 1\n\tlinha 2  ')).toBeNull();
  });

  it('refuses empty and whitespace-only text', () => {
    for (const text of ['', '   ', '\n\t ']) {
      expect(checkFreeText(text)).toMatchObject({ problem: 'empty', code: 'text.empty', message: 'Escreva a mensagem antes de enviar.' });
    }
  });

  it('refuses text over 4096 characters, saying how long it is', () => {
    const issue = checkFreeText('a'.repeat(MAX_TEXT_LENGTH + 1));
    expect(issue).toMatchObject({ problem: 'too_long', code: 'text.too_long', values: { length: 4097, max: 4096 } });
    expect(issue?.message).toBe('A mensagem tem 4097 caracteres; o WhatsApp aceita no máximo 4096.');
    if (issue) expect(translate(issue.code, issue.values, 'en')).toBe('The message has 4097 characters; WhatsApp accepts at most 4096.');
  });

  it('counts characters as the sandbox does (UTF-16 units: an emoji is 2)', () => {
    expect(checkFreeText('😀'.repeat(MAX_TEXT_LENGTH / 2))).toBeNull();
    expect(checkFreeText('😀'.repeat(MAX_TEXT_LENGTH / 2) + 'a')?.problem).toBe('too_long');
  });
});

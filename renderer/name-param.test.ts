/**
 * The start flow fills a template's name parameter with the contact's name: the whole name for
 * "nome" (as the demo templates name it: "Olá {{nome}}") and its kin, the first name for
 * "primeiro_nome" / "first_name"; nothing for someone else's name or any other parameter.
 */
import { describe, expect, it } from 'vitest';
import { contactNameFor } from './screens/start/name-param';

const MARIA = 'Maria da Conceição Santos';

describe('contactNameFor', () => {
  it('gives the whole name to the parameters that are the contact\'s name', () => {
    for (const param of ['nome', 'Nome', 'name', 'nome_cliente', 'nome_do_cliente', 'nome-contato', 'cliente_nome', 'customer_name', 'contactName', 'nome_completo', 'full_name']) {
      expect(contactNameFor(param, MARIA), param).toBe(MARIA);
    }
  });

  it('gives the first name to "primeiro_nome" and "first_name"', () => {
    for (const param of ['primeiro_nome', 'primeiroNome', 'primeironome', 'first_name', 'firstName', 'firstname', 'primeiro_nome_cliente']) {
      expect(contactNameFor(param, MARIA), param).toBe('Maria');
    }
  });

  it('trims the name, and gives nothing when the contact has none', () => {
    expect(contactNameFor('nome', '  João  da   Silva ')).toBe('João da Silva');
    expect(contactNameFor('primeiro_nome', '  João da Silva')).toBe('João');
    expect(contactNameFor('nome', null)).toBe('');
    expect(contactNameFor('nome', '   ')).toBe('');
  });

  it('leaves someone else\'s name and every other parameter for the agent', () => {
    for (const param of ['atendente', 'nome_atendente', 'nome_empresa', 'company_name', 'nome_produto', 'protocolo', 'desconto', 'fatura', 'renome', 'cliente']) {
      expect(contactNameFor(param, MARIA), param).toBe('');
    }
  });
});

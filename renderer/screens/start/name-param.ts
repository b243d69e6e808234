/**
 * The start flow fills a template's name parameter with the contact's name, so the agent does not
 * type "Maria" into "Olá {{nome}}" forty times a day. The demo's templates (sandbox/seed) name it
 * "nome"; companies also write "nome_cliente", "nome_do_contato", "customer_name", "primeiro_nome",
 * "firstName". Another word beside "nome" makes it someone else's name ("nome_atendente",
 * "nome_empresa", "nome_produto"): those stay for the agent to fill.
 */
import { fold } from '../../../src/domain/fold';

/** "nome"/"name": the word that makes a parameter a name. */
const NAME = new Set(['nome', 'name']);
/** "primeiro_nome", "first_name": the first name only. */
const FIRST = new Set(['primeiro', 'first']);
/** Words that say the name is the contact's (or all of it); any other word is someone else's name. */
const CONTACTS = new Set(['cliente', 'contato', 'client', 'customer', 'contact', 'completo', 'full', 'do', 'da', 'de', 'of', 'the']);

/**
 * What the parameter `param` starts with for a contact named `contactName`: their first name for
 * "primeiro_nome" / "first_name", their whole name for the other name parameters, trimmed; '' for
 * any other parameter, or when the contact has no name.
 */
export function contactNameFor(param: string, contactName: string | null): string {
  const name = contactName?.trim().replace(/\s+/g, ' ') ?? '';
  if (!name) return '';
  const words = fold(param.replace(/([a-z])([A-Z])/g, '$1 $2'))
    .split(/[^a-z0-9]+/)
    .flatMap((word) => word.replace(/^(primeiro|first)(nome|name)$/, '$1 $2').split(' '))
    .filter(Boolean);
  if (!words.some((word) => NAME.has(word))) return '';
  if (!words.every((word) => NAME.has(word) || FIRST.has(word) || CONTACTS.has(word))) return '';
  return words.some((word) => FIRST.has(word)) ? (name.split(' ')[0] ?? '') : name;
}

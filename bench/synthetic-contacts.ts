/**
 * Deterministic synthetic contacts for benches: Brazilian names with accents, E.164 mobiles with
 * real area codes, emails derived from the name. The same seed gives the same contacts.
 */
import type { ContactDTO } from '../src/api/helena-dto';

/** mulberry32: tiny, fast, good enough to spread synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST_NAMES = [
  'Maria', 'José', 'João', 'Ana', 'Antônio', 'Francisco', 'Carlos', 'Paulo', 'Pedro', 'Lucas', 'Luiz', 'Marcos',
  'Luís', 'Gabriel', 'Rafael', 'Daniel', 'Marcelo', 'Bruno', 'Eduardo', 'Felipe', 'Raimundo', 'Rodrigo', 'Manoel',
  'Mateus', 'André', 'Fernando', 'Fábio', 'Leonardo', 'Gustavo', 'Guilherme', 'Leandro', 'Tiago', 'Anderson',
  'Ricardo', 'Márcio', 'Jorge', 'Sebastião', 'Alexandre', 'Roberto', 'Edson', 'Diego', 'Vitor', 'Sérgio', 'Cláudio',
  'Matheus', 'Thiago', 'Geraldo', 'Adriano', 'Luciano', 'Júlio', 'Renato', 'Alex', 'Vinícius', 'Rogério', 'Samuel',
  'Ronaldo', 'Mário', 'Flávio', 'Douglas', 'Igor', 'Davi', 'Otávio', 'Caio', 'Benício', 'Heitor', 'Arthur',
  'Francisca', 'Antônia', 'Adriana', 'Juliana', 'Márcia', 'Fernanda', 'Patrícia', 'Aline', 'Sandra', 'Camila',
  'Amanda', 'Bruna', 'Jéssica', 'Letícia', 'Júlia', 'Luciana', 'Vanessa', 'Mariana', 'Gabriela', 'Vera', 'Vitória',
  'Larissa', 'Cláudia', 'Beatriz', 'Luana', 'Rita', 'Sônia', 'Renata', 'Eliane', 'Josefa', 'Simone', 'Natália',
  'Cristiane', 'Carla', 'Débora', 'Rosângela', 'Jaqueline', 'Rosa', 'Daniela', 'Aparecida', 'Marlene', 'Terezinha',
  'Raimunda', 'Andréia', 'Fabiana', 'Lúcia', 'Raquel', 'Ângela', 'Rafaela', 'Joana', 'Luzia', 'Elaine', 'Conceição',
  'Helena', 'Alice', 'Laura', 'Valentina', 'Heloísa', 'Lívia', 'Cecília', 'Lorena', 'Isabela', 'Sophia', 'Manuela',
];
export const SURNAMES = [
  'Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa',
  'Ribeiro', 'Martins', 'Carvalho', 'Almeida', 'Lopes', 'Soares', 'Fernandes', 'Vieira', 'Barbosa', 'Rocha', 'Dias',
  'Nascimento', 'Andrade', 'Moreira', 'Nunes', 'Marques', 'Machado', 'Mendes', 'Freitas', 'Cardoso', 'Ramos',
  'Gonçalves', 'Santana', 'Teixeira', 'Araújo', 'Conceição', 'Magalhães', 'Simões', 'Brandão', 'Falcão', 'Leão',
  'Guimarães', 'Assunção', 'Peçanha', 'Damião', 'Romão', 'Estêvão', 'Sebastião', 'Monção', 'Aragão', 'Galvão',
  'Cavalcanti', 'Albuquerque', 'Bezerra', 'Moura', 'Cunha', 'Pinto', 'Batista', 'Castro', 'Campos', 'Correia',
  'Xavier', 'Monteiro', 'Medeiros', 'Borges', 'Fonseca', 'Queiroz', 'Farias', 'Sampaio', 'Nogueira', 'Tavares',
  'Brito', 'Lacerda', 'Pacheco', 'Siqueira', 'Coelho', 'Rezende', 'Viana', 'Figueiredo', 'Matos', 'Fontes',
];
const DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'empresa.com.br'];
/** Real Brazilian area codes (DDD). */
const AREA_CODES = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48,
  49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89,
  91, 92, 93, 94, 95, 96, 97, 98, 99,
];

const HEX = '0123456789abcdef';
function uuidFrom(rand: () => number): string {
  let out = '';
  for (let i = 0; i < 32; i++) {
    if (i === 8 || i === 12 || i === 16 || i === 20) out += '-';
    const nibble = i === 12 ? 4 : i === 16 ? 8 + Math.floor(rand() * 4) : Math.floor(rand() * 16);
    out += HEX[nibble];
  }
  return out;
}

function pick<T>(list: readonly T[], rand: () => number): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const START_MS = Date.parse('2023-01-01T00:00:00Z');
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

/** Contact number `index` of the set made with `seed`: cheap to call in a loop, no state kept. */
export function syntheticContacts(count: number, seed = 42, batchSize = 10_000): Generator<ContactDTO[]> {
  return (function* () {
    const rand = prng(seed);
    for (let start = 0; start < count; start += batchSize) {
      const batch: ContactDTO[] = [];
      for (let i = start; i < Math.min(count, start + batchSize); i++) {
        const first = pick(FIRST_NAMES, rand);
        const middle = rand() < 0.4 ? ` ${pick(SURNAMES, rand)}` : '';
        const last = pick(SURNAMES, rand);
        const name = `${first}${middle} ${last}`;
        const area = pick(AREA_CODES, rand);
        const line = String(Math.floor(rand() * 1e8)).padStart(8, '0');
        const hasEmail = rand() < 0.8;
        const email = hasEmail
          ? `${asciiLower(first)}${rand() < 0.5 ? '.' : '_'}${asciiLower(last)}${rand() < 0.5 ? Math.floor(rand() * 1000) : ''}@${pick(DOMAINS, rand)}`
          : null;
        const updated = new Date(START_MS + Math.floor(rand() * SPAN_MS)).toISOString();
        batch.push({
          id: uuidFrom(rand),
          createdAt: updated,
          updatedAt: updated,
          name,
          phoneNumber: rand() < 0.97 ? `+55${area}9${line}` : null,
          email,
          tagIds: [],
          tagNames: rand() < 0.2 ? ['cliente'] : [],
          status: 'ACTIVE',
          origin: 'IMPORTED',
          customFields: {},
        });
      }
      yield batch;
    }
  })();
}

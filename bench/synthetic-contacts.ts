/**
 * Deterministic synthetic contacts for benches. The same seed gives the same contacts.
 *
 * BENCH_NAME_SKEW picks the distribution:
 * - `realistic` (default): names as skewed as Brazil's (weights below, after IBGE's census name
 *   counts: Maria about one person in ten's first name, Silva in roughly one name in six), compound
 *   first names ("Maria Aparecida", "João Pedro"), one to three surnames with their particles ("da
 *   Silva", "dos Santos", "de Jesus"), some contacts with only a phone, some companies, emails like
 *   maria.silva123@gmail.com on mostly gmail/hotmail/outlook, area codes weighted by population.
 *   Common words are dense here, so their rare combinations cost search what they will cost on a
 *   real company's cache; a uniform pick hides that.
 * - `uniform`: the set the search figures before 2026-11-30 16:00 were measured on (every name
 *   equally likely, the sandbox's name lists), kept so those rows can be compared.
 */
import { AREA_CODES, EMAIL_DOMAINS, FIRST_NAMES, SURNAMES } from '../sandbox/seed/names';
import type { ContactDTO } from '../src/api/helena-dto';
import { mulberry32 } from '../src/testing/prng';

/** The same seed gives the same contacts. */
export const prng = mulberry32;

export type NameSkew = 'realistic' | 'uniform';

function skewFromEnv(): NameSkew {
  const value = process.env.BENCH_NAME_SKEW ?? 'realistic';
  if (value === 'realistic' || value === 'uniform') return value;
  throw new Error(`BENCH_NAME_SKEW=${value}: expected realistic or uniform`);
}

/** The distribution of this run (BENCH_NAME_SKEW), for the bench table and the cached database. */
export const NAME_SKEW: NameSkew = skewFromEnv();

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

/** A list of [value, weight] pairs, picked from in proportion to the weights. */
class Weighted<T> {
  private readonly values: T[];
  private readonly sums: number[];

  constructor(pairs: ReadonlyArray<readonly [T, number]>) {
    this.values = pairs.map(([value]) => value);
    let total = 0;
    const sums = pairs.map(([, weight]) => (total += weight));
    this.sums = sums.map((sum) => sum / total);
  }

  pick(rand: () => number): T {
    const r = rand();
    let lo = 0;
    let hi = this.sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.sums[mid] as number) < r) lo = mid + 1;
      else hi = mid;
    }
    return this.values[lo] as T;
  }
}

/**
 * Given names with weights in thousands of people (IBGE, Censo 2010 "Nomes no Brasil", rounded;
 * the tail of the sandbox's list, which the census ranks lower, tapers off at 60-250).
 */
const FIRST_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['Maria', 11_700], ['José', 5_750], ['Ana', 3_090], ['João', 2_980], ['Antônio', 2_580], ['Francisco', 1_770],
  ['Carlos', 1_490], ['Paulo', 1_420], ['Pedro', 1_220], ['Lucas', 1_130], ['Luiz', 1_110], ['Marcos', 1_110],
  ['Luís', 940], ['Gabriel', 930], ['Rafael', 820], ['Francisca', 725], ['Daniel', 710], ['Marcelo', 690],
  ['Bruno', 670], ['Eduardo', 630], ['Felipe', 615], ['Raimundo', 610], ['Rodrigo', 600], ['Antônia', 590],
  ['Manoel', 585], ['Mateus', 580], ['Adriana', 565], ['Juliana', 560], ['André', 560], ['Márcia', 550],
  ['Fernando', 550], ['Fernanda', 530], ['Patrícia', 530], ['Fábio', 530], ['Aline', 510], ['Leonardo', 510],
  ['Gustavo', 505], ['Guilherme', 500], ['Camila', 490], ['Sandra', 480], ['Leandro', 475], ['Amanda', 470],
  ['Bruna', 460], ['Jéssica', 455], ['Tiago', 450], ['Letícia', 435], ['Júlia', 430], ['Luciana', 430],
  ['Anderson', 420], ['Vanessa', 415], ['Ricardo', 410], ['Márcio', 400], ['Jorge', 395], ['Sebastião', 390],
  ['Mariana', 380], ['Alexandre', 380], ['Roberto', 375], ['Edson', 370], ['Diego', 360], ['Gabriela', 355],
  ['Vitor', 350], ['Sérgio', 345], ['Cláudio', 340], ['Matheus', 335], ['Thiago', 330], ['Vera', 325],
  ['Vitória', 320], ['Larissa', 315], ['Cláudia', 310], ['Beatriz', 305], ['Geraldo', 300], ['Adriano', 295],
  ['Luciano', 290], ['Luana', 285], ['Rita', 280], ['Sônia', 275], ['Júlio', 270], ['Renato', 265], ['Renata', 260],
  ['Eliane', 255], ['Josefa', 250], ['Simone', 245], ['Natália', 240], ['Alex', 235], ['Vinícius', 230],
  ['Cristiane', 225], ['Carla', 220], ['Rogério', 215], ['Samuel', 210], ['Débora', 205], ['Rosângela', 200],
  ['Ronaldo', 195], ['Jaqueline', 190], ['Mário', 185], ['Rosa', 180], ['Flávio', 175], ['Daniela', 170],
  ['Douglas', 165], ['Aparecida', 160], ['Igor', 155], ['Marlene', 150], ['Terezinha', 145], ['Davi', 140],
  ['Raimunda', 135], ['Andréia', 130], ['Otávio', 125], ['Fabiana', 120], ['Lúcia', 118], ['Caio', 115],
  ['Raquel', 112], ['Ângela', 110], ['Rafaela', 105], ['Joana', 100], ['Luzia', 98], ['Elaine', 95],
  ['Conceição', 92], ['Helena', 90], ['Alice', 88], ['Laura', 85], ['Heitor', 82], ['Arthur', 80],
  ['Valentina', 78], ['Heloísa', 75], ['Lívia', 72], ['Cecília', 70], ['Lorena', 68], ['Isabela', 66],
  ['Sophia', 64], ['Manuela', 62], ['Benício', 60],
];

/**
 * Second given names of compound first names, and how often the first name has one: most Marias
 * are "Maria Aparecida", "Maria de Fátima"..., which is much of why "maria" is so dense.
 */
const SECOND_GIVEN: ReadonlyMap<string, { p: number; names: Weighted<string> }> = new Map(
  (
    [
      ['Maria', 0.55, [['Aparecida', 8], ['de Fátima', 7], ['José', 5], ['das Graças', 6], ['da Conceição', 5], ['de Lourdes', 4], ['Eduarda', 5], ['Clara', 4], ['Luiza', 4], ['Helena', 3], ['Alice', 2], ['do Socorro', 3], ['Cecília', 1], ['Vitória', 2], ['Júlia', 2]]],
      ['Ana', 0.5, [['Paula', 8], ['Clara', 6], ['Carolina', 6], ['Luiza', 5], ['Beatriz', 5], ['Júlia', 4], ['Maria', 4], ['Cláudia', 3], ['Lúcia', 3], ['Cristina', 3], ['Vitória', 2]]],
      ['João', 0.45, [['Pedro', 8], ['Victor', 5], ['Paulo', 5], ['Carlos', 4], ['Batista', 4], ['Gabriel', 4], ['Lucas', 3], ['Miguel', 3], ['Guilherme', 2], ['Vitor', 2]]],
      ['José', 0.45, [['Carlos', 6], ['Roberto', 4], ['Antônio', 5], ['Luiz', 4], ['Maria', 3], ['Francisco', 3], ['Ricardo', 2], ['Augusto', 2], ['Eduardo', 2], ['Paulo', 2]]],
      ['Luiz', 0.35, [['Carlos', 6], ['Fernando', 5], ['Henrique', 5], ['Antônio', 3], ['Eduardo', 3], ['Gustavo', 3], ['Felipe', 2]]],
      ['Antônio', 0.3, [['Carlos', 6], ['Marcos', 3], ['José', 3], ['Francisco', 2], ['Augusto', 2]]],
      ['Carlos', 0.3, [['Eduardo', 6], ['Alberto', 4], ['Henrique', 4], ['Augusto', 3], ['Roberto', 3], ['Daniel', 2]]],
      ['Paulo', 0.25, [['Henrique', 6], ['Roberto', 4], ['César', 3], ['Sérgio', 3], ['Ricardo', 2]]],
      ['Pedro', 0.3, [['Henrique', 7], ['Lucas', 3], ['Paulo', 3], ['Miguel', 2], ['Augusto', 2]]],
      ['Francisco', 0.2, [['das Chagas', 5], ['de Assis', 5], ['José', 2], ['Carlos', 2]]],
    ] as const
  ).map(([name, p, seconds]) => [name, { p, names: new Weighted(seconds) }]),
);

/**
 * Surnames with weights in thousands of people holding them (IBGE, Censo 2022, rounded; the tail
 * tapers off). Particles are added per surname (PARTICLES).
 */
const SURNAME_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ['Silva', 34_000], ['Santos', 20_300], ['Oliveira', 11_400], ['Souza', 9_100], ['Rodrigues', 6_000],
  ['Ferreira', 5_900], ['Alves', 5_600], ['Pereira', 5_300], ['Lima', 4_800], ['Gomes', 4_300], ['Ribeiro', 3_900],
  ['Carvalho', 3_700], ['Costa', 3_600], ['Almeida', 3_300], ['Jesus', 3_200], ['Lopes', 2_900], ['Sousa', 2_800],
  ['Fernandes', 2_700], ['Vieira', 2_500], ['Barbosa', 2_400], ['Rocha', 2_200], ['Dias', 2_100],
  ['Nascimento', 2_100], ['Andrade', 2_000], ['Moreira', 1_900], ['Nunes', 1_900], ['Marques', 1_800],
  ['Machado', 1_700], ['Mendes', 1_600], ['Freitas', 1_600], ['Cardoso', 1_500], ['Ramos', 1_500],
  ['Gonçalves', 1_500], ['Santana', 1_400], ['Teixeira', 1_300], ['Araújo', 1_300], ['Conceição', 1_200],
  ['Paula', 1_100], ['Cruz', 1_000], ['Batista', 1_000], ['Cavalcanti', 950], ['Bezerra', 900], ['Moura', 880],
  ['Cunha', 860], ['Pinto', 840], ['Castro', 820], ['Campos', 800], ['Correia', 780], ['Monteiro', 760],
  ['Medeiros', 740], ['Borges', 720], ['Fonseca', 700], ['Queiroz', 680], ['Farias', 660], ['Sampaio', 640],
  ['Nogueira', 620], ['Tavares', 600], ['Brito', 580], ['Soares', 560], ['Magalhães', 540], ['Guimarães', 520],
  ['Xavier', 500], ['Pacheco', 480], ['Siqueira', 460], ['Coelho', 440], ['Rezende', 420], ['Viana', 400],
  ['Figueiredo', 380], ['Matos', 360], ['Albuquerque', 340], ['Simões', 320], ['Brandão', 300], ['Lacerda', 280],
  ['Assunção', 260], ['Falcão', 240], ['Aragão', 220], ['Galvão', 200], ['Leão', 180], ['Fontes', 160],
  ['Romão', 140], ['Damião', 120], ['Estêvão', 100], ['Peçanha', 80], ['Monção', 60],
];

/**
 * The long tail: the lists above name under half of Brazilians, and without the rest the top names
 * would be far denser than they are (Silva would be in a quarter of the names). The rest share
 * TAIL_WEIGHT evenly: Italian, German, Japanese, Arabic... surnames, and given names below the top
 * ones of the census.
 */
const TAIL_SURNAMES: readonly string[] = [
  ...['Bert', 'Zan', 'March', 'Fontan', 'Cas', 'Ross', 'Bianc', 'Ferr', 'Gall', 'Mor', 'Pacin', 'Rizz', 'Colomb',
    'Bortol', 'Ferrar', 'Mazz', 'Pell', 'Sart', 'Tonin', 'Vanz', 'Zanott', 'Benedett', 'Cappell', 'Donat', 'Fior'].flatMap(
    (stem) => ['ini', 'elli', 'etti', 'oni', 'ato', 'ello', 'i', 'otto'].map((end) => stem + end),
  ),
  'Schmidt', 'Müller', 'Weber', 'Schneider', 'Fischer', 'Wagner', 'Becker', 'Hoffmann', 'Klein', 'Schulz', 'Kruger',
  'Zimmermann', 'Braun', 'Hartmann', 'Lange', 'Tanaka', 'Suzuki', 'Sato', 'Watanabe', 'Takahashi', 'Yamamoto', 'Nakamura',
  'Kobayashi', 'Ito', 'Kato', 'Haddad', 'Nasser', 'Salomão', 'Khoury', 'Jorge', 'Abdalla', 'Maluf', 'Chaves', 'Pires',
  'Prado', 'Quintana', 'Sales', 'Valente', 'Barros', 'Bastos', 'Bueno', 'Camargo', 'Dantas', 'Duarte', 'Esteves',
  'Faria', 'Garcia', 'Leite', 'Macedo', 'Maia', 'Miranda', 'Neves', 'Paiva', 'Porto', 'Rangel', 'Reis', 'Sá',
  'Torres', 'Vasconcelos', 'Vidal', 'Aguiar', 'Amaral', 'Antunes', 'Arruda', 'Azevedo', 'Barreto', 'Cabral',
  'Coutinho', 'Diniz', 'Franco', 'Godoy', 'Holanda', 'Jardim', 'Lins', 'Loureiro', 'Meireles', 'Mesquita', 'Muniz',
  'Novaes', 'Pimentel', 'Quadros', 'Rios', 'Sobral', 'Toledo', 'Uchoa', 'Valadares', 'Veloso', 'Werneck', 'Zanini',
];
const TAIL_FIRST_NAMES: readonly string[] = [
  'Miguel', 'Enzo', 'Bernardo', 'Lorenzo', 'Théo', 'Nicolas', 'Henrique', 'Murilo', 'Vicente', 'Joaquim', 'Bento',
  'Emanuel', 'Cauã', 'Kauã', 'Ryan', 'Yuri', 'Wesley', 'Wellington', 'Washington', 'Cleber', 'Cleiton', 'Gilberto',
  'Gilson', 'Jair', 'Joel', 'Josué', 'Moisés', 'Nelson', 'Osvaldo', 'Reinaldo', 'Valdir', 'Valter', 'Wilson',
  'Ailton', 'Ademir', 'Benedito', 'Cícero', 'Damião', 'Edivaldo', 'Elias', 'Emerson', 'Everton', 'Fabrício',
  'Gerson', 'Hélio', 'Ivan', 'Jefferson', 'Kleber', 'Lauro', 'Milton', 'Nilton', 'Orlando', 'Rubens', 'Silvio',
  'Ubirajara', 'Wagner', 'Zeca', 'Alessandra', 'Andressa', 'Bianca', 'Carolina', 'Cristina', 'Denise', 'Edna',
  'Elisângela', 'Fátima', 'Gisele', 'Glória', 'Ivone', 'Jussara', 'Kátia', 'Lidiane', 'Lucimar', 'Madalena',
  'Michele', 'Nádia', 'Neide', 'Priscila', 'Regina', 'Rosana', 'Sheila', 'Silvana', 'Solange', 'Suely', 'Tatiane',
  'Tereza', 'Valéria', 'Viviane', 'Zilda', 'Yasmin', 'Isadora', 'Giovanna', 'Nicole', 'Agatha', 'Clara', 'Eloá',
  'Esther', 'Lara', 'Maitê', 'Melissa', 'Olívia', 'Pietra', 'Rebeca', 'Sarah', 'Stella', 'Ayla', 'Thaís', 'Kelly',
];
/** Share of draws (in the lists' units) that go to the tail, chosen so Silva is in about one name in ten. */
const TAIL_SURNAME_WEIGHT = 340_000;
const TAIL_FIRST_WEIGHT = 90_000;

/** [particle, how often the surname carries it]. */
const PARTICLES: ReadonlyMap<string, readonly [string, number]> = new Map([
  ['Silva', ['da', 0.5]], ['Santos', ['dos', 0.6]], ['Oliveira', ['de', 0.3]], ['Souza', ['de', 0.3]],
  ['Sousa', ['de', 0.3]], ['Jesus', ['de', 1]], ['Conceição', ['da', 1]], ['Paula', ['de', 1]],
  ['Assunção', ['da', 1]], ['Cruz', ['da', 0.9]], ['Nascimento', ['do', 0.6]], ['Costa', ['da', 0.3]],
  ['Lima', ['de', 0.25]], ['Rocha', ['da', 0.3]], ['Almeida', ['de', 0.3]], ['Carvalho', ['de', 0.3]],
  ['Andrade', ['de', 0.3]], ['Freitas', ['de', 0.4]], ['Araújo', ['de', 0.3]], ['Moura', ['de', 0.2]],
] as const);

const FIRST = new Weighted([...FIRST_WEIGHTS, ...TAIL_FIRST_NAMES.map((name) => [name, TAIL_FIRST_WEIGHT / TAIL_FIRST_NAMES.length] as const)]);
const SURNAME = new Weighted([...SURNAME_WEIGHTS, ...TAIL_SURNAMES.map((name) => [name, TAIL_SURNAME_WEIGHT / TAIL_SURNAMES.length] as const)]);
const SURNAME_COUNT = new Weighted([[1, 35], [2, 55], [3, 10]] as const);

/** Companies: a kind of business, then a surname, a saint or a word, sometimes a legal suffix. */
const BUSINESS = new Weighted([
  ['Padaria', 6], ['Mercadinho', 5], ['Auto Peças', 4], ['Farmácia', 4], ['Restaurante', 4], ['Clínica', 3],
  ['Construtora', 3], ['Oficina', 3], ['Salão', 3], ['Pet Shop', 2], ['Distribuidora', 3], ['Loja', 4],
  ['Imobiliária', 2], ['Escritório', 2], ['Transportadora', 2], ['Academia', 2], ['Ótica', 2], ['Açougue', 2],
] as const);
const BUSINESS_WORD = new Weighted([
  ['São José', 4], ['Santa Luzia', 2], ['Nossa Senhora', 2], ['Bom Jesus', 2], ['Central', 3], ['Popular', 3],
  ['Estrela', 2], ['Progresso', 2], ['Brasil', 3], ['Nova Era', 2], ['Primavera', 1], ['Boa Vista', 2],
] as const);
const COMPANY_SUFFIX = new Weighted([['', 6], [' Ltda', 3], [' ME', 2], [' EIRELI', 1], [' & Filhos', 1]] as const);

const DOMAIN = new Weighted([
  ['gmail.com', 55], ['hotmail.com', 20], ['outlook.com', 7], ['yahoo.com.br', 5], ['icloud.com', 3],
  ['uol.com.br', 3], ['live.com', 2], ['bol.com.br', 2], ['terra.com.br', 1], ['globo.com', 1], ['empresa.com.br', 1],
] as const);

/** Area codes by share of phones (São Paulo, Rio, BH ... heavier); the rest of AREA_CODES weigh 1. */
const AREA_WEIGHT: ReadonlyMap<number, number> = new Map([
  [11, 20], [21, 9], [31, 5], [41, 3.5], [51, 3.5], [61, 3.5], [71, 3], [81, 3], [85, 3], [19, 3], [62, 2.5],
  [27, 2], [92, 2], [91, 2], [48, 2], [13, 2], [47, 2], [98, 1.5], [84, 1.5], [83, 1.5],
]);
const AREA = new Weighted(AREA_CODES.map((code) => [code, AREA_WEIGHT.get(code) ?? 1] as const));

function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

const START_MS = Date.parse('2023-01-01T00:00:00Z');
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

interface Person {
  name: string | null;
  email: string | null;
  phoneNumber: string | null;
}

function surnameWithParticle(rand: () => number): { full: string; bare: string } {
  const bare = SURNAME.pick(rand);
  const particle = PARTICLES.get(bare);
  return { full: particle && rand() < particle[1] ? `${particle[0]} ${bare}` : bare, bare };
}

function mobileOrLandline(rand: () => number): string {
  const area = AREA.pick(rand);
  if (rand() < 0.93) return `+55${area}9${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
  return `+55${area}${2 + Math.floor(rand() * 4)}${String(Math.floor(rand() * 1e7)).padStart(7, '0')}`;
}

function personEmail(first: string, second: string | null, last: string, rand: () => number): string {
  const f = asciiLower(first).replace(/\s+/g, '');
  const l = asciiLower(last).replace(/\s+/g, '');
  const digits = () => String(Math.floor(rand() * 1000));
  const r = rand();
  let local: string;
  if (r < 0.35) local = `${f}.${l}${rand() < 0.45 ? digits() : ''}`;
  else if (r < 0.55) local = `${f}${l}${rand() < 0.6 ? digits() : ''}`;
  else if (r < 0.65) local = `${f}_${l}`;
  else if (r < 0.75) local = `${f}${1960 + Math.floor(rand() * 46)}`;
  else if (r < 0.85 && second) local = `${f}.${asciiLower(second).replace(/\s+/g, '').slice(0, 1)}.${l}`;
  else local = `${f.slice(0, 1)}${l}${rand() < 0.5 ? digits() : ''}`;
  return `${local}@${DOMAIN.pick(rand)}`;
}

/** One realistic contact: mostly people, some companies, some with only a phone. */
function realisticContact(rand: () => number): Person {
  const kind = rand();
  if (kind < 0.05) return { name: null, email: null, phoneNumber: mobileOrLandline(rand) };
  if (kind < 0.12) {
    const surname = SURNAME.pick(rand);
    const what = rand() < 0.5 ? surname : BUSINESS_WORD.pick(rand);
    const name = `${BUSINESS.pick(rand)} ${what}${COMPANY_SUFFIX.pick(rand)}`;
    const slug = asciiLower(`${what}`).replace(/[^a-z]+/g, '');
    const email = rand() < 0.6 ? `${pick(['contato', 'vendas', 'atendimento', slug], rand)}@${rand() < 0.5 ? `${slug}.com.br` : DOMAIN.pick(rand)}` : null;
    return { name, email, phoneNumber: mobileOrLandline(rand) };
  }
  const first = FIRST.pick(rand);
  const compound = SECOND_GIVEN.get(first);
  const second = compound && rand() < compound.p ? compound.names.pick(rand) : null;
  // A WhatsApp contact saved by first name only.
  const surnames = rand() < 0.08 ? [] : Array.from({ length: SURNAME_COUNT.pick(rand) }, () => surnameWithParticle(rand));
  const name = [first, second, ...surnames.map((s) => s.full)].filter((part) => part !== null).join(' ');
  const last = surnames[surnames.length - 1]?.bare ?? '';
  const email = rand() < 0.7 ? personEmail(first, second, last, rand) : null;
  return { name, email, phoneNumber: rand() < 0.97 ? mobileOrLandline(rand) : null };
}

/** The set measured before the realistic one (see the header): every draw as it was. */
function uniformContact(rand: () => number): Person {
  const first = pick(FIRST_NAMES, rand);
  const middle = rand() < 0.4 ? ` ${pick(SURNAMES, rand)}` : '';
  const last = pick(SURNAMES, rand);
  const name = `${first}${middle} ${last}`;
  const area = pick(AREA_CODES, rand);
  const line = String(Math.floor(rand() * 1e8)).padStart(8, '0');
  const hasEmail = rand() < 0.8;
  const email = hasEmail
    ? `${asciiLower(first)}${rand() < 0.5 ? '.' : '_'}${asciiLower(last)}${rand() < 0.5 ? Math.floor(rand() * 1000) : ''}@${pick(EMAIL_DOMAINS, rand)}`
    : null;
  return { name, email, phoneNumber: `+55${area}9${line}` };
}

/** `count` contacts in batches, drawn from `seed` with the distribution `skew`. */
export function syntheticContacts(count: number, seed = 42, batchSize = 10_000, skew: NameSkew = NAME_SKEW): Generator<ContactDTO[]> {
  return (function* () {
    const rand = prng(seed);
    for (let start = 0; start < count; start += batchSize) {
      const batch: ContactDTO[] = [];
      for (let i = start; i < Math.min(count, start + batchSize); i++) {
        const person = skew === 'uniform' ? uniformContact(rand) : realisticContact(rand);
        const updated = new Date(START_MS + Math.floor(rand() * SPAN_MS)).toISOString();
        batch.push({
          id: uuidFrom(rand),
          createdAt: updated,
          updatedAt: updated,
          name: person.name,
          // The uniform set drew "has a phone" here, after the id; kept so it stays the same set.
          phoneNumber: skew === 'uniform' ? (rand() < 0.97 ? person.phoneNumber : null) : person.phoneNumber,
          email: person.email,
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

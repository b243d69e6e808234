import fc from 'fast-check';
import type { SessionDTO } from '../api/helena-dto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from './store';
import { contactDto } from './test-fixtures';

let store: Store;
beforeEach(() => {
  store = openStore({ location: ':memory:' });
  store.contacts.upsertContacts([
    contactDto({ name: 'João da Silva', phoneNumber: '+5511987654321', email: 'joao.silva@gmail.com', updatedAt: '2024-03-01T00:00:00Z' }),
    contactDto({ name: 'Maria da Conceição', phoneNumber: '+5521912345678', email: 'maria.c@empresa.com.br', updatedAt: '2024-02-01T00:00:00Z' }),
    contactDto({ name: 'Ana Maria Souza', phoneNumber: '+5531999990000', email: 'ana@hotmail.com', updatedAt: '2024-04-01T00:00:00Z' }),
    contactDto({ name: 'Maria', phoneNumber: '+5541988887777', email: null, updatedAt: '2023-01-01T00:00:00Z' }),
    contactDto({ name: 'Mariana Lopes', phoneNumber: null, email: 'mari@outlook.com', updatedAt: '2024-05-01T00:00:00Z' }),
    contactDto({ name: 'José Antônio Gonçalves', phoneNumber: '+5585987650000', email: 'jose@uol.com.br', updatedAt: '2024-01-15T00:00:00Z' }),
  ]);
});
afterEach(() => store.close());

const names = (query: string) => store.searchContacts(query).items.map((c) => c.name);

describe('contact search quality', () => {
  it.each([
    ['joao', 'João da Silva'],
    ['JOÃO', 'João da Silva'],
    ['conceicao', 'Maria da Conceição'],
    ['CONCEIÇÃO', 'Maria da Conceição'],
    ['goncalves', 'José Antônio Gonçalves'],
    ['jose antonio', 'José Antônio Gonçalves'],
    ['silv', 'João da Silva'],
  ])('finds by name regardless of case and accents: %s', (query, expected) => {
    expect(names(query)).toContain(expected);
  });

  it.each(['98765', '+55 11 98765-4321', '(11) 98765-4321', '11987654321', '5511987654321', '987654321', '11 98765', '+55 (11) 9 8765-4321'])(
    'finds a phone by its digits in any format: %s',
    (query) => {
      expect(names(query)[0]).toBe('João da Silva');
    },
  );

  it('matches phone digits as a substring, so 98765 finds every number containing it', () => {
    expect(names('98765').sort()).toEqual(['José Antônio Gonçalves', 'João da Silva'].sort());
  });

  it('finds a whole number inside a longer one, and skips that search when no cached number is longer', () => {
    const byNumber = (query: string) => store.searchContacts(query).items.map((c) => [c.name, c.match]);
    // Every cached national number has 11 digits: a whole one is found exactly, nothing contains it.
    expect(byNumber('11987654321')).toEqual([['João da Silva', 'exact']]);
    // A German number whose 12-digit national part holds the same 11 digits.
    store.contacts.upsertContacts([contactDto({ name: 'Klaus Weber', phoneNumber: '+49211987654321', updatedAt: '2024-06-01T00:00:00Z' })]);
    expect(byNumber('11987654321')).toEqual([
      ['João da Silva', 'exact'],
      ['Klaus Weber', 'contains'],
    ]);
    expect(byNumber('211987654321')).toEqual([['Klaus Weber', 'exact']]);
  });

  it.each([
    ['joao.silva', 'João da Silva'],
    ['joao.silva@gmail.com', 'João da Silva'],
    ['gmail', 'João da Silva'],
    ['gmail.com', 'João da Silva'],
    ['empresa.com.br', 'Maria da Conceição'],
    ['@hotmail', 'Ana Maria Souza'],
  ])('finds by email local part or domain: %s', (query, expected) => {
    expect(names(query)).toContain(expected);
  });

  it.each(['"', '""', "'", '*', '-', ':', '(', ')', '()', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(maria, 2)', 'maria AND', 'OR maria', '-maria', 'name:maria', '{name}: x', '^maria', 'maria*', '"maria', 'a"b', '+', '\\', '%', '_', '\u0000', '😀'])(
    'never fails on FTS syntax characters: %s',
    (query) => {
      expect(() => store.searchContacts(query)).not.toThrow();
    },
  );

  it('treats FTS operators as plain words', () => {
    expect(names('"maria"')).toContain('Maria');
    expect(names('maria*')).toContain('Maria');
    expect(names('NOT maria')).toEqual([]);
  });

  it('ranks exact > prefix > contains, then most recent activity first', () => {
    const result = store.searchContacts('maria');
    expect(result.items.map((c) => [c.name, c.match])).toEqual([
      ['Maria', 'exact'],
      ['Mariana Lopes', 'prefix'], // newer than Maria da Conceição
      ['Maria da Conceição', 'prefix'],
      ['Ana Maria Souza', 'contains'],
    ]);
    expect(result.total).toBe(4);
    expect(result.hasMore).toBe(false);
  });

  it('moves a contact up when the agent talks to them', () => {
    expect(names('maria da')[0]).toBe('Maria da Conceição');
    const before = names('mari');
    expect(before.indexOf('Mariana Lopes')).toBeLessThan(before.indexOf('Maria da Conceição'));
    const maria = store.searchContacts('conceicao').items[0];
    expect(maria).toBeDefined();
    store.contacts.recordActivity(maria?.id ?? '', '2025-01-01T00:00:00Z');
    const after = names('mari');
    expect(after.indexOf('Maria da Conceição')).toBeLessThan(after.indexOf('Mariana Lopes'));
  });

  it('pages through results without repeats or gaps', () => {
    const all = store.searchContacts('maria', { limit: 50 }).items.map((c) => c.id);
    const paged: string[] = [];
    for (let offset = 0; offset < 6; offset += 2) {
      const page = store.searchContacts('maria', { limit: 2, offset });
      paged.push(...page.items.map((c) => c.id));
      expect(page.hasMore).toBe(offset + 2 < all.length);
    }
    expect(paged).toEqual(all);
  });

  it('lists the most recently active contacts for an empty query', () => {
    const result = store.searchContacts('   ', { limit: 2 });
    expect(result.items.map((c) => c.name)).toEqual(['Mariana Lopes', 'Ana Maria Souza']);
    expect(result.hasMore).toBe(true);
  });

  it('forgets edited names and deleted contacts', () => {
    const joao = store.searchContacts('joao').items[0];
    if (!joao) throw new Error('missing');
    store.contacts.upsertContacts([contactDto({ id: joao.id, name: 'Joaquim Barbosa', phoneNumber: joao.phoneNumber, updatedAt: '2024-06-01T00:00:00Z' })]);
    expect(names('joao')).toEqual([]);
    expect(names('joaquim')).toEqual(['Joaquim Barbosa']);
    store.contacts.delete(joao.id);
    expect(names('joaquim')).toEqual([]);
    expect(names('98765')).toEqual(['José Antônio Gonçalves']);
  });

  it('answers the same after the search indexes are merged', () => {
    const before = store.searchContacts('maria').items.map((c) => c.id);
    store.contacts.optimizeSearchIndex();
    expect(store.searchContacts('maria').items.map((c) => c.id)).toEqual(before);
    expect(names('98765')).toHaveLength(2);
  });

  it('never throws and always answers a page, whatever the query (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.integer({ min: -5, max: 500 }), fc.integer({ min: -5, max: 30 }), (query, limit, offset) => {
        const result = store.searchContacts(query, { limit, offset });
        expect(result.items.length).toBeLessThanOrEqual(200);
        expect(Array.isArray(result.items)).toBe(true);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('"', '*', '-', ':', '(', ')', 'AND', 'OR', 'NOT', 'NEAR', '^', '{', '}', '+', ' ', 'maria', '98', '@', '.'), { maxLength: 12 }), (parts) => {
        store.searchContacts(parts.join(''));
        store.searchContacts(parts.join(' '));
      }),
      { numRuns: 300 },
    );
  });
});

describe('contact search shortcuts keep the ranking contract', () => {
  let big: Store;
  beforeEach(() => {
    big = openStore({ location: ':memory:' });
  });
  afterEach(() => big.close());
  const found = (query: string, limit = 20) => big.searchContacts(query, { limit }).items.map((c) => [c.name, c.match]);

  it('finds a rare word among hundreds sharing its first letters, ranked as a prefix match', () => {
    // 700 newer "Mariana" heads fill every coarse read of "mar…" without one "marcelinho".
    const many = Array.from({ length: 700 }, (_, i) =>
      contactDto({ name: `Mariana ${i}`, updatedAt: `2024-06-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z` }),
    );
    big.contacts.upsertContacts([
      ...many,
      contactDto({ name: 'Marcelinho Souza', updatedAt: '2020-01-01T00:00:00Z' }),
      contactDto({ name: 'Ana Marcelinho', updatedAt: '2021-01-01T00:00:00Z' }),
    ]);
    expect(found('marcelinho')).toEqual([
      ['Marcelinho Souza', 'prefix'],
      ['Ana Marcelinho', 'contains'],
    ]);
    expect(found('souza marcel')).toEqual([['Marcelinho Souza', 'contains']]);
    const mari = big.searchContacts('mari', { limit: 20 });
    expect(mari.items.every((c) => c.match === 'prefix' && c.name?.startsWith('Mariana'))).toBe(true);
    expect(mari.hasMore).toBe(true);
  });

  it('ranks a multi-word query: starts with the words > contains them, then recent activity', () => {
    big.contacts.upsertContacts([
      contactDto({ name: 'Ana Maria Souza', updatedAt: '2024-05-01T00:00:00Z' }),
      contactDto({ name: 'Maria Souza Lima', updatedAt: '2024-01-01T00:00:00Z' }),
      contactDto({ name: 'Souza', email: 'maria.souza@gmail.com', updatedAt: '2024-03-01T00:00:00Z' }),
      contactDto({ name: 'Maria Souza', updatedAt: '2023-01-01T00:00:00Z' }),
    ]);
    expect(found('maria souza')).toEqual([
      ['Maria Souza', 'exact'],
      ['Souza', 'prefix'], // its email starts with maria.souza
      ['Maria Souza Lima', 'prefix'],
      ['Ana Maria Souza', 'contains'],
    ]);
    // Pages smaller than the matches take the other path (more contain the words than one page).
    const page = (offset: number) => big.searchContacts('maria souza', { limit: 2, offset }).items.map((c) => [c.name, c.match]);
    expect([...page(0), ...page(2)]).toEqual(found('maria souza'));
  });

  it('reads a word typed twice as one condition, and the word being typed stays a prefix', () => {
    // 300 newer "Marina" names fill the coarse reads of "mar…", so the typed prefix must be checked.
    const many = Array.from({ length: 300 }, (_, i) => contactDto({ name: `Marina Andrade ${i}`, updatedAt: '2024-06-01T00:00:00Z' }));
    big.contacts.upsertContacts([
      ...many,
      contactDto({ name: 'Rita Andrade Andrade', updatedAt: '2020-01-01T00:00:00Z' }),
      contactDto({ name: 'Andrade Martins', updatedAt: '2021-01-01T00:00:00Z' }),
    ]);
    expect(found('rita andrade andrade')).toEqual([['Rita Andrade Andrade', 'exact']]);
    expect(found('andrade andrade mart')).toEqual([['Andrade Martins', 'contains']]);
  });

  it('answers the same through the vocabulary as through FTS5 prefix queries', () => {
    const firsts = ['Fernanda', 'Fernando', 'Fernandinho', 'Rita', 'Ritinha', 'Łukasz', 'Øyvind', 'Ana', 'Marquesa', 'Joana'];
    const lasts = ['Fernandes', 'Marques', 'Marquesini', 'Silva', 'Straße', 'Đorđević', 'Souza'];
    const contacts = Array.from({ length: 420 }, (_, i) => {
      const first = firsts[i % firsts.length] as string;
      const last = lasts[(i * 7 + Math.floor(i / 10)) % lasts.length] as string;
      const day = String(1 + (i % 28)).padStart(2, '0');
      return contactDto({ name: `${first} ${last}`, email: i % 3 === 0 ? `${first.toLowerCase()}.${last.toLowerCase()}${i}@gmail.com` : null, updatedAt: `2024-0${1 + (i % 9)}-${day}T00:00:00Z` });
    });
    big.contacts.upsertContacts(contacts);
    const vocabulary = () => big.db.prepare('SELECT term FROM search_vocab').pluck().all() as string[];
    expect(vocabulary()).toEqual(expect.arrayContaining(['fernanda', 'fernandes', 'fernandinho', 'marquesini', 'łukasz', 'straße']));
    const queries = [
      'fernand', 'ana fernand', 'rita marq', 'rita marques', 'marques rita', 'ritinha marquesi', 'luka', 'łuka', 'oyvi', 'øyvi',
      'fern silva', 'marquesa fernandes', 'gmail', 'rita.marques', 'joana souza', 'stra', 'straße', 'đorđ', 'xyzw', 'fernandes fernand',
    ];
    const answer = (query: string, limit: number) => {
      const result = big.searchContacts(query, { limit });
      return { items: result.items.map((c) => [c.id, c.match]), hasMore: result.hasMore, total: result.total };
    };
    const through = queries.flatMap((q) => [answer(q, 5), answer(q, 50)]);
    // Without the vocabulary every long prefix is an FTS5 prefix query again.
    big.db.exec('DELETE FROM search_vocab');
    expect(queries.flatMap((q) => [answer(q, 5), answer(q, 50)])).toEqual(through);
    expect(through.filter((a) => a.items.length > 0).length).toBeGreaterThan(30);
  });

  it('reads a common word of a longer query lazily, not as a prefix FTS5 merges whole up front', () => {
    // "maria" starts more e-mail words than the vocabulary lists (mariaalves, mariabarros …), as a
    // common first name does at a million contacts, where "maria"* merged 65,000 rows per query.
    const surnames = ['Alves', 'Barros', 'Costa', 'Dias', 'Esteves', 'Farias', 'Gomes', 'Horta', 'Lima', 'Matos', 'Nunes', 'Ortiz', 'Pinto', 'Ramos', 'Reis', 'Sales', 'Torres'];
    big.contacts.upsertContacts([
      ...surnames.map((surname, i) =>
        contactDto({ name: `Maria Silva ${surname}`, email: `maria${surname.toLowerCase()}@gmail.com`, updatedAt: `2024-01-${String(10 + i).padStart(2, '0')}T00:00:00Z` }),
      ),
      contactDto({ name: 'Ana Mariana Silvana Souza', updatedAt: '2023-01-01T00:00:00Z' }),
      contactDto({ name: 'Mario Silva Santos', updatedAt: '2024-06-01T00:00:00Z' }),
    ]);
    const statement = Object.getPrototypeOf(big.db.prepare('SELECT 1')) as { all(...args: unknown[]): unknown; iterate(...args: unknown[]): unknown };
    const all = vi.spyOn(statement, 'all');
    const iterate = vi.spyOn(statement, 'iterate');
    try {
      expect(found('maria silva s')).toEqual([
        ['Maria Silva Sales', 'prefix'],
        ...surnames
          .map((surname) => [`Maria Silva ${surname}`, 'contains'])
          .filter(([name]) => name !== 'Maria Silva Sales')
          .reverse(),
        ['Ana Mariana Silvana Souza', 'contains'],
      ]);
      const expressions = [...all.mock.calls, ...iterate.mock.calls].map((args) => args[0]).filter((arg) => typeof arg === 'string');
      expect(expressions.filter((expression) => /"(maria|silva)" \*/.test(expression))).toEqual([]);
      // An e-mail is read through its own words, not through the domain's (every e-mail holds
      // "com"), also when many newer contacts share its words: the read goes on past them instead
      // of falling back to the whole e-mail, whose "com br" FTS5 walks to the end.
      big.contacts.upsertContacts([
        ...Array.from({ length: 80 }, (_, i) => contactDto({ name: `Benício Xavier ${i}`, email: `benicio.xavier${i}@gmail.com`, updatedAt: '2024-09-01T00:00:00Z' })),
        contactDto({ name: 'Benício X', email: 'benicio.xavier@bol.com.br', updatedAt: '2022-01-01T00:00:00Z' }),
      ]);
      all.mockClear();
      iterate.mockClear();
      expect(found('benicio.xavier@bol.com.br')).toEqual([['Benício X', 'exact']]);
      const domainReads = [...all.mock.calls, ...iterate.mock.calls].map((args) => args[0]).filter((arg) => typeof arg === 'string');
      expect(domainReads.filter((expression) => expression.includes('com br'))).toEqual([]);
    } finally {
      all.mockRestore();
      iterate.mockRestore();
    }
  });

  it('answers a rare "name or email starts with" of several words from B-tree ranges, not by walking every contact with that first word', () => {
    // 300 newer contacts hold the words but start otherwise: the shared read finds no "starts with"
    // among its first rows, and FTS5 would prove it through every "maria" head.
    big.contacts.upsertContacts([
      ...Array.from({ length: 300 }, (_, i) => contactDto({ name: `Ana Maria Silva Santos ${i}`, updatedAt: '2024-06-01T00:00:00Z' })),
      contactDto({ name: 'Maria Silva Santana', updatedAt: '2021-01-01T00:00:00Z' }),
      contactDto({ name: 'Beto', email: 'maria.silva.sant@gmail.com', updatedAt: '2022-01-01T00:00:00Z' }),
      contactDto({ name: 'Maria Silvana Santos', updatedAt: '2020-01-01T00:00:00Z' }),
      contactDto({ name: 'Maria Silva', email: 'maria.silva.santos@gmail.com', updatedAt: '2019-01-01T00:00:00Z' }),
    ]);
    const statement = Object.getPrototypeOf(big.db.prepare('SELECT 1')) as { all(...args: unknown[]): unknown; iterate(...args: unknown[]): unknown };
    const all = vi.spyOn(statement, 'all');
    const iterate = vi.spyOn(statement, 'iterate');
    try {
      const answer = found('maria silva san', 5);
      expect(answer.slice(0, 3)).toEqual([
        ['Beto', 'prefix'], // its email starts with maria.silva.sant
        ['Maria Silva Santana', 'prefix'],
        ['Maria Silva', 'prefix'],
      ]);
      expect(answer.slice(3).every(([name, match]) => name?.startsWith('Ana Maria') && match === 'contains')).toBe(true);
      const expressions = [...all.mock.calls, ...iterate.mock.calls].map((args) => args[0]).filter((arg) => typeof arg === 'string');
      expect(expressions.filter((expression) => expression.includes(': ^'))).toEqual([]);
    } finally {
      all.mockRestore();
      iterate.mockRestore();
    }
    // Pages smaller than the matches read the same order.
    const page = (offset: number) => big.searchContacts('maria silva san', { limit: 2, offset }).items.map((c) => [c.name, c.match]);
    expect([...page(0), ...page(2)]).toEqual(found('maria silva san', 4));
  });

  it('checks a one-letter word on the rows read instead of reading it, and still finds every match in order', () => {
    const statement = Object.getPrototypeOf(big.db.prepare('SELECT 1')) as { all(...args: unknown[]): unknown; iterate(...args: unknown[]): unknown };
    const expressionsOf = (query: string, limit = 20) => {
      const all = vi.spyOn(statement, 'all');
      const iterate = vi.spyOn(statement, 'iterate');
      try {
        const answer = found(query, limit);
        const expressions = [...all.mock.calls, ...iterate.mock.calls].map((args) => args[0]).filter((arg): arg is string => typeof arg === 'string');
        return { answer, expressions };
      } finally {
        all.mockRestore();
        iterate.mockRestore();
      }
    };
    const readsShortWord = (expressions: readonly string[]) => expressions.some((expression) => /"s" ?\*/.test(expression));

    // Dense: most contacts with the other words also hold a word starting with "s", so "s"* filters
    // little and is not read (FTS5 would seek in every silva, santos, souza … for each candidate).
    big.contacts.upsertContacts([
      ...Array.from({ length: 30 }, (_, i) => contactDto({ name: `Marcelo Marchello dos Santos ${i}`, updatedAt: `2024-03-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z` })),
      contactDto({ name: 'Marcelo Marchello dos Reis', updatedAt: '2024-12-01T00:00:00Z' }),
      contactDto({ name: 'Sara Marcelo Marchello dos Anjos', updatedAt: '2023-01-01T00:00:00Z' }),
    ]);
    const dense = expressionsOf('marcelo marchello dos s', 40);
    expect(readsShortWord(dense.expressions)).toBe(false);
    expect(dense.answer).toHaveLength(31);
    expect(dense.answer.slice(0, 30).every(([name, match]) => name?.startsWith('Marcelo Marchello dos Santos') && match === 'prefix')).toBe(true);
    expect(dense.answer[30]).toEqual(['Sara Marcelo Marchello dos Anjos', 'contains']);

    // Rare: among many newer contacts with the other words, two hold an "s" word. The rows read
    // without it do not fill the page, so the read holding it answers: nothing is missed.
    big.contacts.upsertContacts([
      ...Array.from({ length: 150 }, (_, i) => contactDto({ name: `Antonio Carlos de Lima ${i}`, updatedAt: '2024-10-01T00:00:00Z' })),
      contactDto({ name: 'Antonio Carlos de Souza', updatedAt: '2021-01-01T00:00:00Z' }),
      contactDto({ name: 'Beto Antonio Carlos de Lima', email: 'beto.s@uol.com.br', updatedAt: '2020-01-01T00:00:00Z' }),
    ]);
    expect(found('antonio carlos de s', 5)).toEqual([
      ['Antonio Carlos de Souza', 'prefix'],
      ['Beto Antonio Carlos de Lima', 'contains'],
    ]);
    // Pages read the same order as one answer.
    const page = (offset: number) => big.searchContacts('marcelo marchello dos s', { limit: 7, offset }).items.map((c) => [c.name, c.match]);
    expect([0, 7, 14, 21, 28].flatMap(page)).toEqual(dense.answer);
  });

  it('treats a surname typed alone as contained, not as a prefix, unless an email starts with it', () => {
    big.contacts.upsertContacts([
      contactDto({ name: 'Ana Santos', updatedAt: '2024-05-01T00:00:00Z' }),
      contactDto({ name: 'Beto', email: 'santos.beto@uol.com.br', updatedAt: '2024-01-01T00:00:00Z' }),
    ]);
    expect(found('santos')).toEqual([
      ['Beto', 'prefix'],
      ['Ana Santos', 'contains'],
    ]);
  });

  it('finds email words with digits: the letters and the digits are separate words', () => {
    big.contacts.upsertContacts([
      contactDto({ name: 'Carlos T', email: 'carlos.tavares123@gmail.com' }),
      contactDto({ name: 'R2D2 Robô', email: null }),
    ]);
    expect(found('tavares')).toEqual([['Carlos T', 'contains']]);
    expect(found('tavares12')).toEqual([['Carlos T', 'contains']]);
    expect(found('carlos.tavares123')).toEqual([['Carlos T', 'prefix']]);
    expect(found('r2d2')).toEqual([['R2D2 Robô', 'prefix']]);
    expect(found('r2d2 robo')).toEqual([['R2D2 Robô', 'exact']]);
  });

  it('ranks a number starting with five or more digits above one containing them', () => {
    big.contacts.upsertContacts([
      contactDto({ name: 'Starts', phoneNumber: '+5511987650000', updatedAt: '2023-01-01T00:00:00Z' }),
      contactDto({ name: 'Contains', phoneNumber: '+5521911987650', updatedAt: '2024-01-01T00:00:00Z' }),
      contactDto({ name: 'Neither', phoneNumber: '+5521911980000', updatedAt: '2024-02-01T00:00:00Z' }),
    ]);
    expect(found('1198765')).toEqual([
      ['Starts', 'prefix'],
      ['Contains', 'contains'],
    ]);
    expect(found('(11) 98765')).toEqual([
      ['Starts', 'prefix'],
      ['Contains', 'contains'],
    ]);
  });

  it('fills a page smaller than the matches with the most recently active of them, from every index', () => {
    // Written in a shuffled order, so neither insertion order nor row order can pass for recency.
    const order = Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
    big.contacts.upsertContacts(
      order.map((i) =>
        contactDto({
          name: i % 2 === 0 ? 'Maria Souza' : `Maria Souza ${i}`,
          email: `maria.souza${i}@gmail.com`,
          phoneNumber: `+55119876${String(50_000 + i).padStart(5, '0')}`,
          updatedAt: new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString(),
        }),
      ),
    );
    // exact name, one-word prefix (whole and coarse), contains, multi-word, phone token prefix,
    // phone trigram "starts with" and "contains", email
    for (const query of ['maria souza', 'maria', 'mari', 'souza', 'ma sou', '1198765', '11', '876', 'gmail']) {
      const everything = big.searchContacts(query, { limit: 200 });
      expect(everything.total, query).toBeGreaterThan(5);
      const page = big.searchContacts(query, { limit: 5 });
      expect(page.items.map((c) => [c.name, c.match]), query).toEqual(everything.items.slice(0, 5).map((c) => [c.name, c.match]));
      expect(page.hasMore, query).toBe(true);
    }
  });

  it('orders a contact written after its conversations by their activity once the sync catches up', () => {
    const contactId = '00000000-0000-4000-8000-00000000c0de';
    // A sync writes sessions and contacts concurrently: here the conversation lands first.
    const session: SessionDTO = {
      id: '00000000-0000-4000-8000-00000000beef', createdAt: '2024-01-01T00:00:00Z', updatedAt: '2025-03-01T10:00:00Z',
      status: 'IN_PROGRESS', contactId, channelId: '00000000-0000-4000-8000-0000000000c1', departmentId: null, userId: null,
      unreadCount: 0, lastMessageText: 'oi', lastMessageOut: '2025-03-01T09:00:00Z', lastMessageIn: '2025-03-01T10:00:00Z',
      windowStatus: 'ACTIVE', channelType: 'CLOUDAPI_WHATSAPP',
    };
    big.sessions.upsertSessions([session]);
    big.contacts.recordActivities([{ contactId, at: '2025-03-01T10:00:00Z' }]);
    big.contacts.upsertContacts([
      contactDto({ id: contactId, name: 'Marta Recente', updatedAt: '2020-01-01T00:00:00Z' }),
      contactDto({ name: 'Marta Antiga', updatedAt: '2024-01-01T00:00:00Z' }),
    ]);
    expect(big.contacts.get(contactId)?.lastActivityAt).toBeNull();
    expect(big.sessions.activityBehindContacts()).toEqual([{ contactId, at: '2025-03-01T10:00:00Z' }]);
    big.contacts.recordActivities(big.sessions.activityBehindContacts());
    expect(big.contacts.get(contactId)?.lastActivityAt).toBe('2025-03-01T10:00:00Z');
    expect(found('marta')).toEqual([
      ['Marta Recente', 'prefix'],
      ['Marta Antiga', 'prefix'],
    ]);
    expect(big.sessions.activityBehindContacts()).toEqual([]);
  });
});


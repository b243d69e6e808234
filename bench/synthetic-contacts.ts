/**
 * Deterministic synthetic contacts for benches: Brazilian names with accents, E.164 mobiles with
 * real area codes (the sandbox's name lists), emails derived from the name. The same seed gives the same contacts.
 */
import { AREA_CODES, EMAIL_DOMAINS, FIRST_NAMES, SURNAMES } from '../sandbox/seed/names';
import type { ContactDTO } from '../src/api/helena-dto';
import { mulberry32 } from '../src/testing/prng';

/** The same seed gives the same contacts. */
export const prng = mulberry32;

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

/**
 * BENCH_NAME_SKEW=zipf picks names by rank with weight 1/rank^0.9 (the lists start with the most
 * common names): real names are skewed like that (Silva is about one Brazilian in ten), which makes
 * common words denser and their rare combinations harder for search than a uniform pick does.
 */
const ZIPF = process.env.BENCH_NAME_SKEW === 'zipf';
/** How names are picked, for the bench table. */
export const NAME_SKEW = ZIPF ? 'zipf-skewed names' : 'uniformly picked names';
const cumulative = new Map<readonly unknown[], number[]>();
function pickName<T>(list: readonly T[], rand: () => number): T {
  if (!ZIPF) return pick(list, rand);
  let sums = cumulative.get(list);
  if (!sums) {
    let total = 0;
    sums = list.map((_, rank) => (total += 1 / (rank + 1) ** 0.9));
    sums = sums.map((sum) => sum / total);
    cumulative.set(list, sums);
  }
  const r = rand();
  let lo = 0;
  let hi = sums.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sums[mid] as number) < r) lo = mid + 1;
    else hi = mid;
  }
  return list[lo] as T;
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
        const first = pickName(FIRST_NAMES, rand);
        const middle = rand() < 0.4 ? ` ${pickName(SURNAMES, rand)}` : '';
        const last = pickName(SURNAMES, rand);
        const name = `${first}${middle} ${last}`;
        const area = pick(AREA_CODES, rand);
        const line = String(Math.floor(rand() * 1e8)).padStart(8, '0');
        const hasEmail = rand() < 0.8;
        const email = hasEmail
          ? `${asciiLower(first)}${rand() < 0.5 ? '.' : '_'}${asciiLower(last)}${rand() < 0.5 ? Math.floor(rand() * 1000) : ''}@${pick(EMAIL_DOMAINS, rand)}`
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

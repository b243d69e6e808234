import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { describe, expect, it } from 'vitest';
import { displayPhone, normalisePhone, phoneDigits, phoneForDisplay } from './phone';

const SP_MOBILE = { e164: '+5511987654321', country: 'BR', national: '(11) 98765-4321' };
const SP_LANDLINE = { e164: '+551134567890', country: 'BR', national: '(11) 3456-7890' };

describe('normalisePhone: Brazilian numbers', () => {
  const table: [string, typeof SP_MOBILE][] = [
    // mobile, every way agents type it
    ['(11) 98765-4321', SP_MOBILE],
    ['11987654321', SP_MOBILE],
    ['11 9 8765-4321', SP_MOBILE],
    ['+55 11 98765-4321', SP_MOBILE],
    ['+5511987654321', SP_MOBILE],
    ['+55 (11) 98765-4321', SP_MOBILE],
    ['55 11 98765 4321', SP_MOBILE],
    ['5511987654321', SP_MOBILE],
    ['0055 11 98765-4321', SP_MOBILE],
    ['  (11) 98765-4321  ', SP_MOBILE],
    // without the ninth digit (before 2016)
    ['(11) 8765-4321', SP_MOBILE],
    ['+55 11 8765-4321', SP_MOBILE],
    ['551187654321', SP_MOBILE],
    // long-distance trunk prefix, carrier code, 0xx notation
    ['0 11 98765-4321', SP_MOBILE],
    ['011 98765 4321', SP_MOBILE],
    ['011 8765 4321', SP_MOBILE],
    ['0 15 11 98765-4321', SP_MOBILE],
    ['015 11 98765-4321', SP_MOBILE],
    ['0 21 11 8765-4321', SP_MOBILE],
    ['0xx11 98765-4321', SP_MOBILE],
    ['0XX 11 8765-4321', SP_MOBILE],
    // landlines keep 8 digits
    ['(11) 3456-7890', SP_LANDLINE],
    ['1134567890', SP_LANDLINE],
    ['+55 11 3456-7890', SP_LANDLINE],
    ['551134567890', SP_LANDLINE],
    ['0 21 11 3456-7890', SP_LANDLINE],
    ['(21) 2345-6789', { e164: '+552123456789', country: 'BR', national: '(21) 2345-6789' }],
    // other area codes
    ['(61) 9 9999-8888', { e164: '+5561999998888', country: 'BR', national: '(61) 99999-8888' }],
    ['(85) 8765-4321', { e164: '+5585987654321', country: 'BR', national: '(85) 98765-4321' }],
    ['55 99876-5432', { e164: '+5555998765432', country: 'BR', national: '(55) 99876-5432' }],
    // non-geographic
    ['0800 123 4567', { e164: '+558001234567', country: 'BR', national: '0800 123 4567' }],
  ];
  for (const [input, expected] of table) {
    it(`"${input}" → ${expected.e164}`, () => {
      expect(normalisePhone(input)).toEqual(expected);
    });
  }
});

describe('normalisePhone: international numbers', () => {
  const table: [string, string, string][] = [
    ['+1 650 253 0000', '+16502530000', 'US'],
    ['+44 20 7946 0958', '+442079460958', 'GB'],
    ['+351 912 345 678', '+351912345678', 'PT'],
    ['+54 9 11 2345-6789', '+5491123456789', 'AR'],
    ['+49 151 23456789', '+4915123456789', 'DE'],
    ['00 1 650 253 0000', '+16502530000', 'US'],
    // stored without "+" and not a valid Brazilian number
    ['16502530000', '+16502530000', 'US'],
    ['351912345678', '+351912345678', 'PT'],
  ];
  for (const [input, e164, country] of table) {
    it(`"${input}" → ${e164} (${country})`, () => {
      expect(normalisePhone(input)).toMatchObject({ e164, country });
    });
  }

  it('reads national numbers of another default country', () => {
    expect(normalisePhone('912 345 678', 'PT')).toMatchObject({ e164: '+351912345678', country: 'PT' });
    expect(normalisePhone('(650) 253-0000', 'US')).toMatchObject({ e164: '+16502530000', country: 'US' });
  });
});

describe('normalisePhone: not a phone number', () => {
  const garbage = [
    '',
    '   ',
    'abc',
    'joao@example.com',
    '12345',
    '98765-4321', // no area code
    '(11) 2345-678', // too short
    '11 12345-6789', // 9 digits not starting with 9
    '+55 11 1234-5678', // landlines do not start with 1
    '(40) 90000-0000', // no area code 40; typed as Brazilian, so not read as Romanian
    '+999 123 4567',
    '+55 (11) 98765-4321 ramal 12',
    '98765432109876543210',
    '+',
    '0',
    '++55 11',
  ];
  for (const input of garbage) {
    it(`"${input}" → null`, () => {
      expect(normalisePhone(input)).toBeNull();
    });
  }

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const result = normalisePhone(text);
        if (result) expect(result.e164).toMatch(/^\+[1-9]\d{6,14}$/);
      }),
    );
  });
});

describe('normalisePhone properties', () => {
  const phoneLike = fc
    .array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '-', '(', ')', '.'), { minLength: 8, maxLength: 20 })
    .chain((chars) => fc.constantFrom('', '+', '+55 ', '0', '00').map((prefix) => prefix + chars.join('')));

  it('normalising the E.164 of a valid number gives the same number', () => {
    fc.assert(
      fc.property(phoneLike, (input) => {
        const first = normalisePhone(input);
        if (first) expect(normalisePhone(first.e164)).toEqual(first);
      }),
      { numRuns: 2000 },
    );
  });

  // Every Brazilian area code (DDD) in use.
  const DDD = [
    11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54,
    55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
  ];

  it('reads a mobile of every area code with or without the ninth digit, and is idempotent on it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DDD), fc.constantFrom('6', '8', '9'), fc.integer({ min: 0, max: 9_999_999 }), (area, lead, rest) => {
        const eight = `${lead}${String(rest).padStart(7, '0')}`;
        const first = normalisePhone(`(${area}) 9${eight.slice(0, 4)}-${eight.slice(4)}`);
        expect(first?.e164).toBe(`+55${area}9${eight}`);
        expect(normalisePhone(`(${area}) ${eight.slice(0, 4)}-${eight.slice(4)}`)).toEqual(first);
        expect(normalisePhone(`55${area}${eight}`)).toEqual(first);
        if (!first) return;
        expect(normalisePhone(first.e164)).toEqual(first);
        expect(normalisePhone(first.national)).toEqual(first);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps 8-digit radio numbers (starting 7) and landlines as they are', () => {
    expect(normalisePhone('+55 68 7318-2633')?.e164).toBe('+556873182633');
    for (const area of DDD) {
      const landline = normalisePhone(`(${area}) 3456-7890`);
      expect(landline?.e164).toBe(`+55${area}34567890`);
      if (landline) expect(normalisePhone(landline.e164)).toEqual(landline);
    }
  });

  it('is idempotent on the example number of every country', () => {
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      const first = normalisePhone(example.number);
      expect(first?.e164, country).toBe(example.number);
      if (first) expect(normalisePhone(first.e164), country).toEqual(first);
    }
  });
});

describe('phoneDigits', () => {
  it('keeps digits only', () => {
    expect(phoneDigits('+55 (11) 98765-4321')).toBe('5511987654321');
    expect(phoneDigits('abc')).toBe('');
  });
});

describe('displayPhone: one human format wherever a contact\'s phone shows', () => {
  it('shows a Brazilian mobile in national format, however it is stored', () => {
    for (const stored of ['+5511976543210', '5511976543210', '11976543210', '+55 11 97654-3210']) {
      expect(displayPhone(stored), stored).toBe('(11) 97654-3210');
    }
  });

  it('shows a Brazilian landline in national format', () => {
    expect(displayPhone('+551134567890')).toBe('(11) 3456-7890');
    expect(displayPhone('551134567890')).toBe('(11) 3456-7890');
  });

  it('shows a foreign number in international format, with its country code', () => {
    expect(displayPhone('+14155550100')).toBe('+1 415 555 0100');
    expect(displayPhone('14155550100')).toBe('+1 415 555 0100');
    expect(displayPhone('+447911123456')).toBe('+44 7911 123456');
  });

  it('leaves what is not a valid number as stored', () => {
    expect(displayPhone('+5540')).toBe('+5540');
    expect(displayPhone('ramal 12')).toBe('ramal 12');
  });

  it('is what phoneForDisplay gives for a number already read', () => {
    const us = normalisePhone('+1 (415) 555-0100');
    expect(us && phoneForDisplay(us)).toBe('+1 415 555 0100');
    const br = normalisePhone('(71) 99123-4567');
    expect(br && phoneForDisplay(br)).toBe('(71) 99123-4567');
  });
});

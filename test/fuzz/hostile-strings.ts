import fc from 'fast-check';

/** Texts that broke parsers, databases and validators somewhere: NUL, halves of surrogate pairs, impossible dates, prototype names. */
const NASTY = [
  '',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  'x\uDBFFy',
  '😀',
  '../../etc/passwd',
  '%',
  '%00',
  '%ED%A0%80',
  '__proto__',
  'constructor',
  'prototype',
  '0000-01-01',
  '0000-01-01T00:00:00Z',
  '2024-02-30',
  '2024-13-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '10000-01-01',
  '1e309',
  '-1',
  '0',
  '0.001',
  'NaN',
  'null',
  '{}',
  '[]',
  ' ',
  'a'.repeat(300),
  '1'.repeat(40),
];

/** Any text: printable, any code point (lone surrogates included), or a known troublemaker. */
export const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
    { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
    { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{1,12}$/) },
  );

/** A JSON value of any shape, its strings hostile. */
export const hostileJson = (): fc.Arbitrary<unknown> =>
  fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      hostileString(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(hostileString(), tie('value'), { maxKeys: 3 }),
    ),
  })).value;

/**
 * Percent-encodes every UTF-16 unit on its own, so lone surrogates and NUL travel as written, and
 * sometimes leaves a raw '%' sequence that is not valid encoding.
 */
export function encodeAnything(text: string): string {
  let out = '';
  for (const unit of text) {
    if (/^[A-Za-z0-9._~-]$/.test(unit)) out += unit;
    else {
      try {
        out += encodeURIComponent(unit);
      } catch {
        // A lone surrogate: its UTF-8-like bytes (CESU), which no decoder takes as valid UTF-8.
        const code = unit.charCodeAt(0);
        out += `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
      }
    }
  }
  return out;
}

export const pathSegment = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.uuid().map((id) => id),
    hostileString().filter((text) => text.length > 0).map(encodeAnything),
    fc.constantFrom('%', '%Z1', '%E0%A4%A', '%ED%A0%80', '%00', '..', '%2F'),
  );

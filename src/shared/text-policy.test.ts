import { DomainError } from './domain-error';
import { acceptText, FILTER_TEXT, LINE_TEXT, PROSE_TEXT } from './text-policy';

const refusal = (value: string, rule = LINE_TEXT) => {
  try {
    acceptText(value, rule, ['input', 'entries', 3, 'batch']);
  } catch (error) {
    return error as DomainError;
  }
  throw new Error(`accepted ${JSON.stringify(value)}`);
};

describe('the text policy', () => {
  it.each([
    ['NUL', 'B\u0000'],
    ['a C0 control', 'B\u0007'],
    ['DEL', 'B\u007f'],
    ['NEL (U+0085, a C1 control)', 'B\u0085'],
    ['a bidi override', '\u202Eevil'],
    ['a bidi isolate', 'a\u2066b'],
    ['a byte order mark', '\uFEFFb'],
    ['a lone high surrogate', 'b\ud800'],
    ['a lone low surrogate', '\udc00b'],
  ])('refuses %s, naming the field and the character', (_, value) => {
    const error = refusal(value);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toEqual(['input', 'entries', 3, 'batch']);
    expect(error.message).toMatch(/^batch contains .*U\+[0-9A-F]{4}/);
  });

  it('refuses line breaks and tabs in a name, keeps them in prose', () => {
    for (const value of ['a\nb', 'a\tb', 'a\r\nb', 'a\u2028b']) {
      expect(refusal(value).code).toBe('BAD_USER_INPUT');
      expect(acceptText(value, PROSE_TEXT, ['note'])).toBe(value);
    }
  });

  it('bounds lengths: 200 for filters, 8,000 for mutations', () => {
    expect(acceptText('氯'.repeat(200), FILTER_TEXT, ['search'])).toHaveLength(200);
    expect(refusal('氯'.repeat(201), FILTER_TEXT).message).toBe('batch must be at most 200 characters (got 201)');
    expect(refusal('x'.repeat(8001)).message).toContain('at most 8000');
  });

  it('keeps well-formed text, emoji (surrogate pairs) included, NFC-normalised', () => {
    expect(acceptText('液氨 🧪 Ω', LINE_TEXT, ['name'])).toBe('液氨 🧪 Ω');
    expect(acceptText('e\u0301', LINE_TEXT, ['name'])).toBe('\u00e9');
  });
});

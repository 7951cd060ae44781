import { storableRequest } from './storable-request';

/** The inverse of the escaping: what the caller sent. */
const unescape = (text: string) => text.replace(/\\(\\|u([0-9a-f]{4}))/g, (_m, what: string, hex?: string) => (hex === undefined ? what : String.fromCharCode(parseInt(hex, 16))));

const decode = (value: unknown): unknown => {
  if (typeof value === 'string') return unescape(value);
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [unescape(key), decode(item)]));
};

/** Every string and key of a value. */
const strings = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
};

describe('storableRequest', () => {
  it('leaves a request PostgreSQL can hold as it is', () => {
    const request = { operationName: 'Q', query: 'query Q { a(s: "\\\\") }', variables: { s: 'a\\u0000\u0085\u202e🧪', list: ['\\'] } };
    expect(storableRequest(request)).toEqual({ ...request, escaped: false });
  });

  it.each([
    ['NUL in a variable', { operationName: null, query: 'q', variables: { s: 'a\u0000b' } }],
    ['a lone surrogate in a key', { operationName: null, query: 'q', variables: { ['k\ud800']: 1 } }],
    ['NUL deep in a list', { operationName: 'Q', query: 'q', variables: { i: { entries: [{ batch: 'x' }, { batch: '\u0000' }] } } }],
    ['a trailing high surrogate in the document', { operationName: null, query: 'q \\ \ud83e', variables: {} }],
    ['NUL in the operation name', { operationName: 'Q\u0000', query: 'q', variables: { s: '\\u0000' } }],
  ])('escapes every string of a request holding %s, reversibly', (_what, request) => {
    const stored = storableRequest(request);
    expect(stored.escaped).toBe(true);
    expect(strings(stored).filter((text) => /[\u0000\p{Cs}]/u.test(text))).toEqual([]);
    expect(decode(stored.variables)).toEqual(request.variables);
    expect(unescape(stored.query)).toBe(request.query);
    expect(stored.operationName === null ? null : unescape(stored.operationName)).toBe(request.operationName);
  });
});

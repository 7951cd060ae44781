import canonicalize from 'canonicalize';

/**
 * RFC 8785 JSON Canonicalization Scheme: keys sorted by UTF-16 code units, no
 * whitespace, ECMAScript number and string serialisation.
 */
export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('Value has no JSON form');
  return text;
}

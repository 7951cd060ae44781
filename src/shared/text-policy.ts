import { CommonCode, DomainError } from './domain-error';
import type { FieldPath } from './domain-error';

/**
 * The one policy every string input goes through: what a field may hold
 * before any rule of its domain sees it (README, "Conventions of the API"). A refusal is BAD_USER_INPUT naming the field; an
 * accepted value is NFC-normalised, so what is stored is what the caller is shown.
 */
export interface TextRule {
  /** UTF-16 code units, as JavaScript and the services' own limits count. */
  maxLength: number;
  /** Prose (a finding's description, a hearing record) may hold line breaks and tabs; names, codes and filters may not. */
  lineBreaks: boolean;
}

/** Filters, cursors, codes and search terms: the arguments of reads. */
export const FILTER_TEXT: TextRule = { maxLength: 200, lineBreaks: false };
/** A name, code or reference written by a mutation; its service may allow less. */
export const LINE_TEXT: TextRule = { maxLength: 8_000, lineBreaks: false };
/** The longest prose a mutation takes (a penalty hearing's record). */
export const PROSE_TEXT: TextRule = { maxLength: 8_000, lineBreaks: true };

// NUL and the other C0 controls, DEL and the C1 controls (U+0085 among them), the bidi embeddings,
// overrides and isolates (U+202E can make one name display as another), and the byte order mark.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]|\p{Cs}/u;
const LINE_BREAKS = /[\t\n\r\u2028\u2029]/;

/** A refused key named in its refusal without the characters that made it refused (as \uXXXX). */
function visible(key: string): string {
  const all = new RegExp(`${FORBIDDEN.source}|${LINE_BREAKS.source}`, 'gu');
  return key.replace(all, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function describe(char: string): string {
  const code = char.codePointAt(0)!;
  if (code >= 0xd800 && code <= 0xdfff) return `a lone UTF-16 surrogate (U+${code.toString(16).toUpperCase()})`;
  return `a control or formatting character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
}

/**
 * The value as it will be stored, or a BAD_USER_INPUT naming `field`. The field may be given as a function,
 * called only to refuse: most strings are accepted, and a caller walking an input need not build each one's path.
 */
export function acceptText(value: string, rule: TextRule, field: FieldPath | (() => FieldPath)): string {
  const refuse = (message: string) => {
    const path = typeof field === 'function' ? field() : field;
    const name = String([...path].reverse().find((part) => typeof part === 'string') ?? 'value');
    return new DomainError(CommonCode.BAD_USER_INPUT, `${name} ${message}`, path);
  };
  if (value.length > rule.maxLength) throw refuse(`must be at most ${rule.maxLength} characters (got ${value.length})`);
  const forbidden = FORBIDDEN.exec(value) ?? (rule.lineBreaks ? null : LINE_BREAKS.exec(value));
  if (forbidden) throw refuse(`contains ${describe(forbidden[0])} at position ${forbidden.index}`);
  const text = value.normalize('NFC');
  if (text.length > rule.maxLength) throw refuse(`must be at most ${rule.maxLength} characters (got ${text.length})`);
  return text;
}

/** Mutation inputs that are prose, by field name (the same word means the same kind of text in every domain). */
export const PROSE_FIELDS: ReadonlySet<string> = new Set([
  'answer', 'basis', 'comment', 'content', 'description', 'detail', 'discretionReasons', 'factReasons', 'facts',
  'justification', 'legalBasis', 'legalReasons', 'matter', 'note', 'reason', 'record', 'scope', 'significance',
  'statement', 'summary',
]);

/** The rule of a written value at `field`: prose by its name, else a line. */
export function writtenTextRule(field: FieldPath): TextRule {
  const name = [...field].reverse().find((part): part is string => typeof part === 'string');
  return name !== undefined && PROSE_FIELDS.has(name) ? PROSE_TEXT : LINE_TEXT;
}

/** How deep a JSON body may nest: an EPCIS document needs about eight levels; a parser or walker must not recurse without end. */
export const MAX_JSON_DEPTH = 32;

/**
 * A parsed JSON body (REST: EPCIS capture, monitoring alarms, witness submissions) through the same
 * policy: every string and every key, nesting bounded. The cleaned copy, or a BAD_USER_INPUT naming the
 * field (a bad key names the object holding it).
 */
export function acceptJsonText(value: unknown, field: FieldPath = [], ruleFor: (field: FieldPath) => TextRule = writtenTextRule): unknown {
  if (typeof value === 'string') return acceptText(value, ruleFor(field), field);
  if (value === null || typeof value !== 'object') return value;
  if (field.length >= MAX_JSON_DEPTH) {
    throw new DomainError(CommonCode.BAD_USER_INPUT, `The body nests deeper than ${MAX_JSON_DEPTH} levels`, field);
  }
  if (Array.isArray(value)) return value.map((item, i) => acceptJsonText(item, [...field, i], ruleFor));
  // fromEntries defines each key as its own property: a "__proto__" key stays data, never the prototype.
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [acceptText(key, FILTER_TEXT, [...field, visible(key)]), acceptJsonText(item, [...field, key], ruleFor)]));
}

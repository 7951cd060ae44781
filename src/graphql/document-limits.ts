import { GraphQLError, Kind, Lexer, parse, Source, TokenKind, visit } from 'graphql';

/** The shape a GraphQL document may have before anything parses, validates or costs it (README, "Limits"). */
export interface DocumentLimits {
  /** Characters of the document text. */
  maxChars: number;
  /** Lexical tokens: bounds parsing and validation work whatever the text holds. */
  maxTokens: number;
  /** Field selections, counted in the text (fragments once). */
  maxFields: number;
  /** Aliased selections: one field asked for many times is how a cheap-looking query multiplies. */
  maxAliases: number;
}

export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = { maxChars: 20_000, maxTokens: 5_000, maxFields: 1_000, maxAliases: 50 };

function tooComplex(what: string, actual: number | string, maximum: number): GraphQLError {
  return new GraphQLError(`The query has ${actual} ${what}; at most ${maximum} are allowed`, {
    extensions: { code: 'QUERY_TOO_COMPLEX', limit: what, maximum, http: { status: 400 } },
  });
}

/** Counts tokens up to one past the limit, so a huge document costs no more than a slightly-too-large one. */
function exceedsTokens(source: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(source));
  for (let count = 0; count <= maxTokens; count++) {
    if (lexer.advance().kind === TokenKind.EOF) return false;
  }
  return true;
}

/**
 * Why a document is refused (QUERY_TOO_COMPLEX, naming the limit), or undefined. A document that
 * does not lex or parse is left to the GraphQL server, which answers its syntax error.
 */
export function documentLimitError(source: string, limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS): GraphQLError | undefined {
  if (source.length > limits.maxChars) return tooComplex('characters', source.length, limits.maxChars);
  let document;
  try {
    if (exceedsTokens(source, limits.maxTokens)) return tooComplex('tokens', `more than ${limits.maxTokens}`, limits.maxTokens);
    document = parse(source, { maxTokens: limits.maxTokens });
  } catch {
    return undefined;
  }
  let fields = 0;
  let aliases = 0;
  visit(document, {
    [Kind.FIELD]: (node) => {
      fields += 1;
      if (node.alias) aliases += 1;
    },
  });
  if (fields > limits.maxFields) return tooComplex('fields', fields, limits.maxFields);
  if (aliases > limits.maxAliases) return tooComplex('aliases', aliases, limits.maxAliases);
  return undefined;
}

import { DocumentNode, Kind, parse } from 'graphql';
import { Config } from '../config';
import { Admission } from './admission';
import type { EndpointPolicy } from './graphql-endpoint';
import type { Refusal } from './graphql-refusal';
import { RateLimiter } from './rate-limiter';

/** The mutations /graphql/session answers. */
const SESSION_FIELDS = new Set(['login', 'refresh', 'logout']);
/** A login's name and password and a session's fields fit many times over. */
export const SESSION_MAX_BYTES = 8_192;

/**
 * One session call per operation (each login is an Argon2id verification: aliases would multiply
 * it), beside `__typename` at most; fragments only below it.
 */
function sessionCallsOnly(document: DocumentNode): boolean {
  return document.definitions.every((definition) => {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) return true;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'mutation') return false;
    const fields = definition.selectionSet.selections.map((selection) => (selection.kind === Kind.FIELD ? selection.name.value : null));
    return fields.every((name) => name === '__typename' || (name !== null && SESSION_FIELDS.has(name))) && fields.filter((name) => name !== '__typename').length === 1;
  });
}

/** A POSTed document of session calls only; one that does not parse is left to Apollo to say why. */
function sessionDocument(query: unknown, method: string): Refusal | undefined {
  let document: DocumentNode | undefined;
  try {
    document = method === 'POST' && typeof query === 'string' ? parse(query, { noLocation: true, maxTokens: 1_000 }) : undefined;
  } catch {
    return undefined;
  }
  if (document && sessionCallsOnly(document)) return undefined;
  return { status: 400, code: 'BAD_REQUEST', message: '/graphql/session answers one login, refresh or logout mutation per request; send other operations to /graphql' };
}

/**
 * POST /graphql/session: sign-in, refresh and logout with a budget of their own, so that requests
 * without a token to /graphql, however many and from however many addresses, never refuse a
 * sign-in. Before the body: the caller's token, then for a caller without one its address's own
 * rate (ANONYMOUS_SESSION_RATE_*) and a place among the session calls in flight
 * (ANONYMOUS_SESSION_CONCURRENCY and _QUEUE; no time share: a process short of CPU must still let
 * people sign in). Password guessing stays the accounts' sign-in throttle's to count.
 */
export function sessionPolicy(config: Config): EndpointPolicy {
  const limits = config.anonymous.session;
  return {
    anonymous: { rate: new RateLimiter(limits.perMinute, limits.burst), maxBytes: SESSION_MAX_BYTES, admission: new Admission(limits.concurrency, limits.queue) },
    authenticated: { maxBytes: SESSION_MAX_BYTES },
    document: sessionDocument,
  };
}

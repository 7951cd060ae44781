import { ApolloServerPlugin, HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { Context } from './context';
import { answerAsJson } from './json-read';

/**
 * An HTTP request whose operation's one root field a compiled read answers (json-read.ts
 * answerAsJson) is answered with the JSON text PostgreSQL built, without graphql-js: no JSON.parse of the statement's answer,
 * no walk of every object through the resolvers and the scalars' serialize, no JSON.stringify of
 * the result. Apollo's hook for that is `responseForOperation`, which comes after the document is
 * parsed (or found in Apollo's cache), validated, and every plugin's didResolveOperation has run
 * (the cost and depth limits, the read routing, the audit's row in the read), and before
 * willSendResponse (the audit row when written apart, `extensions` readFrom and cost, the log line,
 * the availability status): all of those run as for any request. What Apollo cannot take is text
 * for `data`, so the result's `data` holds the answer behind a getter that parses it only if read
 * (the regulators' audit reads it), and
 * `stringifyResult` below splices the text itself into the response body.
 */
export function compiledAnswerPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async responseForOperation({ schema, document, operation, request, contextValue }) {
          // An in-process caller (an export's pages) gets the value graphql-js completes, a DateTime as a Date.
          if (!request.http) return null;
          const answer = await answerAsJson(contextValue, { schema, document, operation, variables: request.variables ?? {} });
          if (!answer) return null;
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: answerData(answer.key, answer.json) } } };
        },
      };
    },
  };
}

/** `data` objects holding an answer's JSON text, with that text and its key. */
const texts = new WeakMap<object, { key: string; json: string }>();

function answerData(key: string, json: string): Record<string, unknown> {
  const data = {};
  let value: unknown;
  Object.defineProperty(data, key, { enumerable: true, get: () => (value ??= JSON.parse(json)) });
  texts.set(data, { key, json });
  return data;
}

/**
 * Apollo's `stringifyResult`: JSON.stringify, except for a compiled answer still as it was built
 * (no error added, `data` not replaced), whose text goes into the body as PostgreSQL wrote it.
 * Apollo hands the result as `{ errors, data, extensions }`, and so is the body written.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const answer = result.errors === undefined && result.data ? texts.get(result.data) : undefined;
  if (!answer) return JSON.stringify(result);
  const extensions = result.extensions === undefined ? '' : `,"extensions":${JSON.stringify(result.extensions)}`;
  return `{"data":{${JSON.stringify(answer.key)}:${answer.json}}${extensions}}`;
}

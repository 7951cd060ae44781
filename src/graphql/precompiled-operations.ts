import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import { DocumentNode, execute, ExecutionResult, GraphQLError, GraphQLSchema, printSchema } from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** A document's operation run once so far, or one graphql-jit cannot compile: graphql-js runs it. */
const SEEN = 'seen';
const INTERPRETED = 'interpreted';
type Plan = CompiledQuery | typeof SEEN | typeof INTERPRETED;

/**
 * Compilations a minute, for the whole process. A compilation takes 2–13 ms (recordMovements' is the longest, for
 * its input's parser), so a caller sending new documents twice over could otherwise spend that much of the
 * server's time per document; past the budget an operation runs on graphql-js until a later minute compiles it.
 */
export const COMPILATIONS_PER_MINUTE = 120;

export interface PrecompiledOptions {
  /** Whether to compile at all (PRECOMPILED_OPERATIONS). */
  compile: boolean;
  /** Compile an operation before its first run, not its second: the tests', so that each meets graphql-jit. */
  atFirstRun?: boolean;
  /** Compilations a minute (COMPILATIONS_PER_MINUTE). */
  perMinute?: number;
  /** The budget's clock. */
  now?: () => number;
}

/**
 * Operations executed as code graphql-jit generates for each, the "precompiled execution" (issue 12):
 * graphql-js walks a document, coerces its variables and completes its answer with generic code on every call;
 * generated code does the same work for one operation (docs/performance.md, "Precompiled operations").
 *
 * An operation is compiled the second time its document runs: a document sent once costs no code generation.
 * Plans hang off the parsed document, which Apollo keeps per query text in its bounded document cache, so a plan
 * goes when its document does. Variables that do not coerce are refused by graphql-js, in its words, before any
 * resolver ran; an operation graphql-jit cannot compile runs on graphql-js.
 */
export class PrecompiledOperations {
  private readonly plans = new WeakMap<DocumentNode, Map<string, Plan>>();
  private minute = 0;
  private compiledThisMinute = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: PrecompiledOptions = { compile: true },
  ) {}

  async execute(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined, contextValue: unknown): Promise<ExecutionResult> {
    const compiled = this.options.compile ? this.planOf(document, operationName ?? '') : undefined;
    if (compiled) {
      const result = await compiled.query(undefined, contextValue, variables ?? {});
      if ('data' in result) return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
    }
    return execute({ schema: this.schema, document, operationName, variableValues: variables, contextValue });
  }

  /**
   * Apollo's way in for another executor is its gateway interface: a fixed schema, announced once, and this
   * executor, which Apollo calls where it would call graphql-js, its plugins and error handling around it as before.
   */
  gateway(): GatewayInterface {
    const schema = this.schema;
    const executor: GatewayExecutor = (request) => this.execute(request.document, request.operationName, request.request.variables, request.context);
    return {
      onSchemaLoadOrUpdate(callback) {
        // The SDL is read only by Apollo's schema reporting, which this server does not turn on.
        callback({ apiSchema: schema, get coreSupergraphSdl() { return printSchema(schema); } });
        return () => undefined;
      },
      load: async () => ({ executor }),
      stop: async () => undefined,
    };
  }

  private planOf(document: DocumentNode, operationName: string): CompiledQuery | undefined {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const plan = byName.get(operationName);
    if (plan === INTERPRETED) return undefined;
    if (plan !== undefined && plan !== SEEN) return plan;
    if ((plan === undefined && !this.options.atFirstRun) || !this.mayCompile()) return void byName.set(operationName, SEEN);
    const compiled = compileQuery(this.schema, document, operationName || undefined);
    const next = isCompiledQuery(compiled) ? compiled : INTERPRETED;
    byName.set(operationName, next);
    return next === INTERPRETED ? undefined : next;
  }

  private mayCompile(): boolean {
    const minute = Math.floor((this.options.now ?? Date.now)() / 60_000);
    if (minute !== this.minute) [this.minute, this.compiledThisMinute] = [minute, 0];
    return this.compiledThisMinute++ < (this.options.perMinute ?? COMPILATIONS_PER_MINUTE);
  }
}

/**
 * A resolver's error as graphql-js raises it. graphql-jit's own kind has no `extensions` object unless its cause
 * brought one, where Apollo and formatError read a code (a DomainError's became INTERNAL_SERVER_ERROR).
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const normal = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  return Object.assign(normal, { locations: error.locations });
}

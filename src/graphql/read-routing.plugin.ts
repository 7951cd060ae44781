import type { ApolloServerPlugin } from '@apollo/server';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import type { ReadReplicas } from '../db/read-replicas';
import { parseWalPosition, WAL_POSITION } from '../db/wal-position';
import type { Context } from './context';

/** A position (a previous answer's `extensions.commitLsn`, from any API process) the replica read must have replayed. */
export const READ_AFTER_HEADER = 'x-read-after-lsn';

export interface ReadRouting {
  reads: ReadReplicas;
  /** The policy: whether a query with these root fields, for this context, may read a replica. */
  mayReadReplica(rootFields: string[], context: Context): boolean;
  /** Whose writes a read must see (null: an anonymous caller, who writes nothing it reads back). */
  caller(context: Context): string | null;
  /** Points the context (its loaders with it) at a replica's fork. */
  readFromReplica(context: Context, em: EntityManager): void;
}

/**
 * The one per-request decision of where a GraphQL operation reads, once its operation is known:
 * mutations and subscriptions, and queries the policy keeps there, on the primary; the others on a
 * replica that has replayed the caller's last write (ReadReplicas.readTarget). Every answer says
 * which in `extensions.readFrom`; after a mutation, `extensions.commitLsn` is the position its
 * writes are at or before, for the caller to send back as X-Read-After-LSN to another process.
 */
export function readRoutingPlugin(routing: ReadRouting): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let readFrom = 'primary';
      return {
        async didResolveOperation({ operation, document, request, contextValue }) {
          const after = readAfter(request.http?.headers.get(READ_AFTER_HEADER));
          if (!routing.reads.configured || operation?.operation !== 'query') return;
          if (!routing.mayReadReplica(rootFields(operation, document), contextValue)) return;
          const target = await routing.reads.readTarget(routing.caller(contextValue), after);
          if (target.readFrom === 'primary') return;
          readFrom = target.readFrom;
          routing.readFromReplica(contextValue, target.em);
        },
        async willSendResponse({ response, operation, contextValue, logger }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const extensions: Record<string, unknown> = { ...result.extensions, readFrom };
          const caller = routing.caller(contextValue);
          if (operation?.operation === 'mutation' && caller !== null && routing.reads.configured) {
            try {
              extensions.commitLsn = await routing.reads.wrote(caller);
            } catch (error) {
              logger.warn(`could not read the primary's WAL position after a write: ${(error as Error).message}`);
            }
          }
          if (readFrom !== 'primary' && result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE')) routing.reads.unreachable(readFrom);
          result.extensions = extensions;
        },
      };
    },
  };
}

function readAfter(header: string | undefined): bigint | undefined {
  if (header === undefined || header === '') return undefined;
  if (!WAL_POSITION.test(header.trim())) {
    throw new GraphQLError('X-Read-After-LSN must be a WAL position as a previous answer gave it in extensions.commitLsn, e.g. 0/1A2B3C4D', {
      extensions: { code: 'BAD_USER_INPUT', field: 'X-Read-After-LSN', http: { status: 400 } },
    });
  }
  return parseWalPosition(header.trim());
}

/** The operation's root field names, through fragments; introspection fields read no table and are left out. */
function rootFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const names: string[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (!selection.name.value.startsWith('__')) names.push(selection.name.value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value) && fragments.has(selection.name.value)) visit(fragments.get(selection.name.value)!, new Set([...seen, selection.name.value]));
    }
  };
  visit(operation.selectionSet, new Set());
  return names;
}

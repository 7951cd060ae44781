import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import { ArgsType, ClassType, Field, Int, ObjectType } from 'type-graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/page';

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `At most ${MAX_PAGE_SIZE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** The Relay connection and edge types of one node type, named after it (`EnterpriseConnection`). */
export function connectionType<T extends object>(node: ClassType<T>, name: string = node.name) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field()
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }
  return Connection;
}

/**
 * The fields the query selects directly under the field being resolved,
 * through fragments and inline fragments (a field under @include/@skip counts
 * as selected: computing too much is safe, too little is not). Connections
 * look ahead with it, so that totalCount, totals or the rows themselves are
 * fetched only when asked for.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[] = []): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined, depth: number) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet, depth);
      else if (selection.kind === Kind.FRAGMENT_SPREAD) visit(info.fragments[selection.name.value]?.selectionSet, depth);
      else if (depth === path.length) names.add(selection.name.value);
      else if (selection.name.value === path[depth]) visit(selection.selectionSet, depth + 1);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return names;
}

/**
 * What a connection field must fetch: rows for edges or pageInfo, a count for
 * totalCount, and which of the nodes' many-to-one relations (`joinable`) the
 * query selects, to fetch in the page's own statement.
 */
export function connectionWants(info: GraphQLResolveInfo, joinable: readonly string[] = []): { rows: boolean; totalCount: boolean; join: string[] } {
  const fields = selectedFields(info);
  const nodeFields = joinable.length ? selectedFields(info, ['edges', 'node']) : new Set<string>();
  return { rows: fields.has('edges') || fields.has('pageInfo'), totalCount: fields.has('totalCount'), join: joinable.filter((name) => nodeFields.has(name)) };
}

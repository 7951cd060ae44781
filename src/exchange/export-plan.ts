import {
  ArgumentNode,
  DocumentNode,
  FieldNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  parse,
  print,
  SelectionSetNode,
} from 'graphql';
import { DepartmentScalar } from '../access/department-scalar';
import { fieldLabel } from '../labels/field-labels';
import { ExchangeError } from './exchange.errors';

/** One column of an export: where its value is in a node, its header, how to show it. */
export interface ExportColumn {
  path: string[];
  header: string;
  /** Whose Chinese labels the values are shown by: an enum's, or `Department` (the department table's names, read per export). */
  labelled: string | null;
  scalar: string | null;
  /** A number in a spreadsheet: Int, Float, Decimal, or a quantity the API gives as exact decimal text. */
  numeric: boolean;
}

/** A query that pages through one connection, and the columns its nodes give. */
export interface ExportPlan {
  /** The caller's operation rewritten to take `$exportAfter` and fetch totalCount and pageInfo. */
  document: string;
  /** The connection's key in the response. */
  responseKey: string;
  columns: ExportColumn[];
}

export const EXPORT_PAGE_SIZE = 100;
export const MAX_EXPORT_COLUMNS = 200;
const AFTER = 'exportAfter';
const NUMBERS = new Set(['Int', 'Float', 'Decimal']);
/** Quantities the ledger gives as decimal text (exact to the gram): numbers in a workbook. */
const DECIMAL_TEXT = new Set(['quantity', 'plannedQuantity', 'shipped', 'received', 'inTransit', 'cancelled']);

const refuse = (message: string) => ExchangeError.badParameter(['query'], message);

/**
 * Reads an export request: one query operation selecting one connection
 * (`edges { node { … } }`), each selected node field a column (objects held by
 * the node give `parent·child` columns; lists of values one column). Refuses,
 * naming `query`, whatever is not one row per node. The document is rewritten
 * so the server pages it 100 nodes at a time from `$exportAfter`.
 */
export function planExport(schema: GraphQLSchema, query: unknown, maxTokens: number): ExportPlan {
  if (typeof query !== 'string' || query.trim() === '') throw refuse('query: a GraphQL query selecting one connection');
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens });
  } catch (error) {
    throw refuse(`query does not parse: ${(error as GraphQLError).message}`);
  }
  if (document.definitions.length !== 1 || document.definitions[0].kind !== Kind.OPERATION_DEFINITION) {
    throw refuse('An export is one query operation, without fragments');
  }
  const operation = document.definitions[0] as OperationDefinitionNode;
  if (operation.operation !== 'query') throw refuse(`An export reads: ${operation.operation} is not exported`);
  if ((operation.variableDefinitions ?? []).some((v) => v.variable.name.value === AFTER)) throw refuse(`$${AFTER} is the export's own variable`);
  const [top, ...more] = operation.selectionSet.selections;
  if (!top || more.length > 0 || top.kind !== Kind.FIELD) throw refuse('An export selects exactly one connection field');
  const definition = schema.getQueryType()!.getFields()[top.name.value];
  if (!definition) throw refuse(`Query has no field ${top.name.value}`);
  const node = connectionNodeType(getNamedType(definition.type));
  if (!node || !definition.args.some((a) => a.name === 'after') || !definition.args.some((a) => a.name === 'first')) {
    throw refuse(`${top.name.value} is not a paginated connection`);
  }
  const nodeSelection = edgesNodeSelection(top.selectionSet);
  const columns = columnsOf(node, nodeSelection, [], []);
  if (columns.length === 0) throw refuse('Select at least one field of edges.node');
  if (columns.length > MAX_EXPORT_COLUMNS) throw refuse(`At most ${MAX_EXPORT_COLUMNS} columns`);

  const args: ArgumentNode[] = [
    ...(top.arguments ?? []).filter((a) => a.name.value !== 'first' && a.name.value !== 'after'),
    argument('first', { kind: Kind.INT, value: String(EXPORT_PAGE_SIZE) }),
    argument('after', { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } }),
  ];
  const rewritten: FieldNode = {
    ...top,
    arguments: args,
    selectionSet: selections(
      field('totalCount'),
      field('pageInfo', selections(field('hasNextPage'), field('endCursor'))),
      field('edges', selections(field('node', nodeSelection))),
    ),
  };
  const paged: OperationDefinitionNode = {
    ...operation,
    variableDefinitions: [
      ...(operation.variableDefinitions ?? []),
      { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: AFTER } }, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'String' } } },
    ],
    selectionSet: selections(rewritten),
  };
  return { document: print({ kind: Kind.DOCUMENT, definitions: [paged] }), responseKey: top.alias?.value ?? top.name.value, columns };
}

function connectionNodeType(type: GraphQLNamedType): GraphQLObjectType | null {
  if (!isObjectType(type) || !type.getFields().edges || !type.getFields().pageInfo) return null;
  const edge = getNamedType(type.getFields().edges.type);
  const node = isObjectType(edge) ? edge.getFields().node : undefined;
  const nodeType = node ? getNamedType(node.type) : null;
  return nodeType && isObjectType(nodeType) ? nodeType : null;
}

function edgesNodeSelection(set: SelectionSetNode | undefined): SelectionSetNode {
  const edges = fieldsOf(set).filter((f) => f.name.value === 'edges');
  const nodes = edges.flatMap((e) => fieldsOf(e.selectionSet)).filter((f) => f.name.value === 'node');
  if (nodes.length !== 1 || !nodes[0].selectionSet) throw refuse('Select the columns as edges { node { … } }, once');
  return nodes[0].selectionSet;
}

function fieldsOf(set: SelectionSetNode | undefined): FieldNode[] {
  return (set?.selections ?? []).map((s) => {
    if (s.kind !== Kind.FIELD) throw refuse('An export names its columns directly: fragments are not supported');
    return s;
  });
}

function columnsOf(type: GraphQLObjectType, set: SelectionSetNode, path: string[], headers: string[]): ExportColumn[] {
  return fieldsOf(set).flatMap((selected) => {
    const name = selected.name.value;
    if (name === '__typename') return [];
    const definition = type.getFields()[name];
    if (!definition) throw refuse(`${type.name} has no field ${name}`);
    const key = selected.alias?.value ?? name;
    const header = [...headers, fieldLabel(type.name, name) ?? name];
    const nullable = getNullableType(definition.type);
    const named = getNamedType(definition.type);
    if (isLeafType(named)) {
      if (isListType(nullable) && isListType(getNullableType(nullable.ofType))) throw refuse(`${type.name}.${name} is a list of lists`);
      const scalar = isEnumType(named) ? null : named.name;
      // Departments are data, not an enum, since the department table: their names are labels all the same.
      const labelled = isEnumType(named) || named.name === DepartmentScalar.name ? named.name : null;
      const numeric = scalar !== null && (NUMBERS.has(scalar) || (scalar === 'String' && DECIMAL_TEXT.has(name)));
      return [{ path: [...path, key], header: header.join('·'), labelled, scalar, numeric }];
    }
    if (isListType(nullable) || !isObjectType(named) || connectionNodeType(named)) {
      throw refuse(`${type.name}.${name} holds many rows: an export is one row per node`);
    }
    if (!selected.selectionSet) throw refuse(`Select fields of ${type.name}.${name}`);
    return columnsOf(named, selected.selectionSet, [...path, key], header);
  });
}

const argument = (name: string, value: ArgumentNode['value']): ArgumentNode => ({ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: name }, value });
const field = (name: string, selectionSet?: SelectionSetNode): FieldNode => ({ kind: Kind.FIELD, name: { kind: Kind.NAME, value: name }, selectionSet });
const selections = (...fields: FieldNode[]): SelectionSetNode => ({ kind: Kind.SELECTION_SET, selections: fields });

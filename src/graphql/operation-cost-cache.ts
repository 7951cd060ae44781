import { DocumentNode, GraphQLSchema, isObjectType, Kind, visit } from 'graphql';

/** Arguments whose value the cost estimators read (limits.plugin.ts's page-size estimator). */
const COSTED_ARGUMENTS = new Set(['first', 'after']);
/** Costs kept a document: past that, its variables vary too much to be worth keeping (a page walk). */
const KEYS_PER_DOCUMENT = 64;

/** Whether a field's cost is a function of its arguments, which could read any variable. */
function hasComplexityFunction(schema: GraphQLSchema): boolean {
  return Object.values(schema.getTypeMap()).some(
    (type) => isObjectType(type) && Object.values(type.getFields()).some((field) => typeof field.extensions?.complexity === 'function'),
  );
}

/**
 * The variables an operation's cost can depend on: those in a `first` or `after` argument (the page
 * size) and in a directive (`@skip`/`@include` drop fields); all of them when the schema has a field
 * whose cost is a function of its arguments. A recordMovements input never changes its cost.
 */
function costVariables(document: DocumentNode, all: boolean): string[] {
  const names = new Set<string>();
  let inCosted = 0;
  visit(document, {
    [Kind.ARGUMENT]: {
      enter: (node) => void (COSTED_ARGUMENTS.has(node.name.value) && inCosted++),
      leave: (node) => void (COSTED_ARGUMENTS.has(node.name.value) && inCosted--),
    },
    [Kind.DIRECTIVE]: { enter: () => void inCosted++, leave: () => void inCosted-- },
    [Kind.VARIABLE]: (node, _key, parent) => {
      // A variable definition names the variable; only its uses count.
      if ((parent as { kind?: string } | undefined)?.kind === Kind.VARIABLE_DEFINITION) return;
      if (all || inCosted > 0) names.add(node.name.value);
    },
  });
  return [...names].sort();
}

/**
 * Depth and cost are functions of the document and a few variables, and Apollo hands the same parsed
 * document to every request with the same text: both are worked out once, not on every call (each cost
 * coerced every variable again, a recordMovements input included).
 */
export class OperationCostCache {
  private readonly costs = new WeakMap<DocumentNode, { variables: string[]; byKey: Map<string, number> }>();
  private readonly depths = new WeakMap<DocumentNode, Map<string, number>>();
  private readonly argumentCosts: boolean;

  constructor(schema: GraphQLSchema) {
    this.argumentCosts = hasComplexityFunction(schema);
  }

  depth(document: DocumentNode, operationName: string | null | undefined, compute: () => number): number {
    let byName = this.depths.get(document);
    if (!byName) this.depths.set(document, (byName = new Map()));
    const name = operationName ?? '';
    let depth = byName.get(name);
    if (depth === undefined) byName.set(name, (depth = compute()));
    return depth;
  }

  /** The cost worked out before for this document, operation and cost variables, if any. */
  cached(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): number | undefined {
    const entry = this.costs.get(document);
    return entry?.byKey.get(costKey(operationName, entry.variables, variables));
  }

  keep(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, cost: number): void {
    let entry = this.costs.get(document);
    if (!entry) this.costs.set(document, (entry = { variables: costVariables(document, this.argumentCosts), byKey: new Map() }));
    if (entry.byKey.size < KEYS_PER_DOCUMENT) entry.byKey.set(costKey(operationName, entry.variables, variables), cost);
  }
}

/** An absent variable (its default applies) is told apart from one given as null. */
function costKey(operationName: string | null | undefined, names: readonly string[], variables: Record<string, unknown>): string {
  return JSON.stringify([operationName ?? null, names.map((n) => (n in variables ? [variables[n]] : []))]);
}

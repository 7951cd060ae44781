import { buildSchema, defaultFieldResolver, GraphQLError, GraphQLObjectType, parse } from 'graphql';
import { COMPILATIONS_PER_MINUTE, PrecompiledOperations } from './precompiled-operations';

/** Which executor ran a resolver: graphql-js's frames are in its stack, graphql-jit's generated code is not. */
const engines: string[] = [];
const engine = () => (/graphql[\\/]execution[\\/]execute/.test(new Error().stack ?? '') ? 'graphql-js' : 'jit');

function schema() {
  const s = buildSchema(`
    type Page { totalCount: Int! }
    type Query { double(n: Int!): Int!, page: Page!, refused: Int }
  `);
  const query = s.getQueryType()!.getFields();
  query.double.resolve = (_, { n }) => (engines.push(engine()), n * 2);
  // A page's count is a promise, read by the default resolver as plain-fields.ts names it.
  query.page.resolve = () => ({ totalCount: Promise.resolve(7) });
  (s.getType('Page') as GraphQLObjectType).getFields().totalCount.resolve = defaultFieldResolver;
  query.refused.resolve = () => {
    throw new Error('No, not this one');
  };
  return s;
}

const DOUBLE = parse('query Double($n: Int!) { double(n: $n) }');

describe('PrecompiledOperations', () => {
  beforeEach(() => (engines.length = 0));

  it('runs an operation on graphql-js first and on generated code from its second run, with the same answer', async () => {
    const operations = new PrecompiledOperations(schema());
    const answers = [];
    for (let n = 1; n <= 3; n++) answers.push(await operations.execute(DOUBLE, 'Double', { n }, {}));
    expect(answers).toEqual([{ data: { double: 2 } }, { data: { double: 4 } }, { data: { double: 6 } }]);
    expect(engines).toEqual(['graphql-js', 'jit', 'jit']);
  });

  it('never compiles with compile: false (PRECOMPILED_OPERATIONS=false)', async () => {
    const operations = new PrecompiledOperations(schema(), { compile: false });
    for (let n = 1; n <= 3; n++) await operations.execute(DOUBLE, 'Double', { n }, {});
    expect(engines).toEqual(['graphql-js', 'graphql-js', 'graphql-js']);
  });

  it('refuses variables that do not coerce in graphql-js words, no resolver run', async () => {
    const operations = new PrecompiledOperations(schema(), { compile: true, atFirstRun: true });
    const result = await operations.execute(DOUBLE, 'Double', { n: 'two' }, {});
    expect(result.data).toBeUndefined();
    expect(result.errors!.map((e) => e.message)).toEqual(['Variable "$n" got invalid value "two"; Int cannot represent non-integer value: "two"']);
    expect(engines).toEqual([]);
  });

  it("keeps a resolver's error as graphql-js raises it: its cause, path and place, and extensions for Apollo to read a code in", async () => {
    const operations = new PrecompiledOperations(schema(), { compile: true, atFirstRun: true });
    const { data, errors } = await operations.execute(parse('{ refused }'), undefined, {}, {});
    expect(data).toEqual({ refused: null });
    const [error] = errors!;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.originalError?.message).toBe('No, not this one');
    expect(error.extensions).toEqual({});
    expect(error.toJSON()).toEqual({ message: 'No, not this one', path: ['refused'], locations: [{ line: 1, column: 3 }] });
  });

  it('awaits a promise a plain property holds', async () => {
    const operations = new PrecompiledOperations(schema(), { compile: true, atFirstRun: true });
    expect(await operations.execute(parse('{ page { totalCount } }'), undefined, {}, {})).toEqual({ data: { page: { totalCount: 7 } } });
  });

  it(`compiles at most ${COMPILATIONS_PER_MINUTE} operations a minute; the others run on graphql-js until a later minute`, async () => {
    let now = 0;
    const operations = new PrecompiledOperations(schema(), { compile: true, atFirstRun: true, now: () => now });
    const documents = Array.from({ length: COMPILATIONS_PER_MINUTE + 1 }, (_, i) => parse(`query Double($n: Int!) { double(n: $n) a${i}: double(n: 1) }`));
    for (const document of documents) await operations.execute(document, 'Double', { n: 1 }, {});
    expect(engines.filter((e) => e === 'jit')).toHaveLength(2 * COMPILATIONS_PER_MINUTE);
    expect(engines.slice(-2)).toEqual(['graphql-js', 'graphql-js']);
    now = 60_000;
    engines.length = 0;
    await operations.execute(documents.at(-1)!, 'Double', { n: 1 }, {});
    expect(engines).toEqual(['jit', 'jit']);
  });
});

/**
 * The text policy as the schema applies it to arguments (src/graphql/text-arguments.ts): each string's rule from the
 * name of the field holding it, the refusal naming the whole path, a cleaned copy only where a value changed.
 */
import { buildSchema, GraphQLObjectType } from 'graphql';
import { textArguments } from './text-arguments';
import { DomainError } from '../shared/domain-error';

const schema = buildSchema(`
  input Entry { batch: String!, note: String, quantity: Float!, tags: [String], ref: ID }
  input Submission { requestId: String!, entries: [Entry!]!, also: Submission }
  input Window { from: Int, to: Int }
  type Query { search(term: String, input: Submission, window: Window): Int }
  type Mutation { record(input: Submission!, window: Window): Int }
`);
const field = (type: GraphQLObjectType | null | undefined, name: string) => type!.getFields()[name];
const record = textArguments(field(schema.getMutationType(), 'record'), true)!;
const search = textArguments(field(schema.getQueryType(), 'search'), false)!;

const entry = (over: Record<string, unknown> = {}) => ({ batch: 'B-1', note: null, quantity: 1, tags: ['a'], ref: '7', ...over });

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('text arguments', () => {
  it('leaves arguments with nothing to change as they are, the same objects', () => {
    const args = { input: { requestId: 'r-1', entries: [entry(), entry({ tags: null })] }, window: { from: 1 } };
    expect(record(args)).toBe(args);
  });

  it('copies only the objects on the path to a normalised string', () => {
    const untouched = entry();
    const args = { input: { requestId: 'r-1', entries: [untouched, entry({ batch: 'Cafe\u0301' })] }, window: { from: 1 } };
    const cleaned = record(args) as typeof args;
    expect(cleaned).not.toBe(args);
    expect(cleaned.window).toBe(args.window);
    expect(cleaned.input.entries[0]).toBe(untouched);
    expect(cleaned.input.entries[1].batch).toBe('Caf\u00e9');
    expect(args.input.entries[1].batch).toBe('Cafe\u0301');
  });

  it('names the whole path of a refused string, through lists and nested inputs', () => {
    const deep = { input: { requestId: 'r', entries: [], also: { requestId: 'r', entries: [entry(), entry({ tags: ['ok', 'bad\u0000'] })] } } };
    const error = refusal(() => record(deep));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toEqual(['input', 'also', 'entries', 1, 'tags', 1]);
    expect(error.message).toMatch(/^tags contains a control or formatting character \(U\+0000\)/);
  });

  it("takes a mutation's prose by its field's name and refuses line breaks elsewhere", () => {
    expect(() => record({ input: { requestId: 'r', entries: [entry({ note: 'line one\nline two' })] } })).not.toThrow();
    expect(refusal(() => record({ input: { requestId: 'r', entries: [entry({ batch: 'B\n1' })] } })).field).toEqual(['input', 'entries', 0, 'batch']);
  });

  it('holds IDs and every string of a read to the filter rule', () => {
    expect(refusal(() => record({ input: { requestId: 'r', entries: [entry({ ref: 'x'.repeat(201) })] } })).field).toEqual(['input', 'entries', 0, 'ref']);
    expect(() => record({ input: { requestId: 'r', entries: [entry({ note: 'x'.repeat(201) })] } })).not.toThrow();
    expect(refusal(() => search({ input: { requestId: 'r', entries: [entry({ note: 'x'.repeat(201) })] } })).field).toEqual(['input', 'entries', 0, 'note']);
    expect(refusal(() => search({ term: 'a\tb' })).field).toEqual(['term']);
  });

  it('is null for a field whose arguments hold no text, and compiled once a field', () => {
    const schemaWithout = buildSchema('input Window { from: Int } type Query { count(window: Window, n: Int): Int }');
    expect(textArguments(field(schemaWithout.getQueryType(), 'count'), false)).toBeNull();
    expect(textArguments(field(schema.getMutationType(), 'record'), true)).toBe(record);
  });
});

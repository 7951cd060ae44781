import { GraphQLEnumType } from 'graphql';
import { ENUM_LABELS } from '../../src/labels/enum-labels';
import { codes, createTestApi, testSchema } from '../support/api';
import { openTestDatabase, TestDatabase } from '../support/database';

let db: TestDatabase;
let api: Awaited<ReturnType<typeof createTestApi>>;

beforeAll(async () => {
  db = await openTestDatabase();
  api = await createTestApi(db);
});

afterAll(async () => {
  await api.stop();
  await db.close();
});

/** The schema's own enums (not introspection's __TypeKind and the like). */
async function schemaEnums(): Promise<GraphQLEnumType[]> {
  const schema = await testSchema();
  return Object.values(schema.getTypeMap()).filter((t): t is GraphQLEnumType => t instanceof GraphQLEnumType && !t.name.startsWith('__'));
}

describe('the enum label table', () => {
  it('labels every value of every enum in the schema, in Chinese, and nothing else', async () => {
    const enums = await schemaEnums();
    expect(Object.keys(ENUM_LABELS).sort()).toEqual(enums.map((e) => e.name).sort());
    for (const type of enums) {
      expect([type.name, Object.keys(ENUM_LABELS[type.name]!).sort()]).toEqual([type.name, type.getValues().map((v) => v.value).sort()]);
      for (const label of Object.values(ENUM_LABELS[type.name]!)) expect(label).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('enumLabels', () => {
  it('answers anyone, every enum by default', async () => {
    const result = await api.run<{ enumLabels: { enum: string; value: string; label: string }[] }>(`{ enumLabels { enum value label } }`);
    expect(result.errors).toBeUndefined();
    const total = Object.values(ENUM_LABELS).reduce((n, values) => n + Object.keys(values).length, 0);
    // …and the five seeded departments, whose labels are the department table's names.
    expect(result.data!.enumLabels).toHaveLength(total + 5);
    expect(result.data!.enumLabels).toContainEqual({ enum: 'MovementReason', value: 'PURCHASE', label: '采购入库' });
  });

  it('labels Department, once an enum, from the department table', async () => {
    const result = await api.run<{ enumLabels: { enum: string; value: string; label: string }[] }>(`{ enumLabels(enums: ["Department"]) { enum value label } }`);
    expect(result.data!.enumLabels).toContainEqual({ enum: 'Department', value: 'FIRE_RESCUE', label: '消防救援' });
    expect(result.data!.enumLabels).toHaveLength(5);
  });

  it('answers only the named enums', async () => {
    const result = await api.run<{ enumLabels: { enum: string }[] }>(`{ enumLabels(enums: ["Unit", "Direction", "Unit"]) { enum value label } }`);
    expect(new Set(result.data!.enumLabels.map((l) => l.enum))).toEqual(new Set(['Unit', 'Direction']));
    expect(result.data!.enumLabels).toHaveLength(6);
  });

  it('refuses an enum the schema does not have, naming the argument', async () => {
    const result = await api.run(`{ enumLabels(enums: ["Unit", "Colour"]) { value } }`);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0]!.extensions!.field).toBe('enums.1');
  });
});

import { getNamedType, getNullableType, GraphQLObjectType, isLeafType, isListType, isObjectType } from 'graphql';
import { fieldLabel } from '../../src/labels/field-labels';
import { testSchema } from '../support/api';

/** Every connection's node type and the object types those nodes hold: what an export shows as columns. */
async function exportedTypes(): Promise<GraphQLObjectType[]> {
  const schema = await testSchema();
  const found = new Map<string, GraphQLObjectType>();
  const visit = (type: GraphQLObjectType, depth: number) => {
    if (found.has(type.name) || depth > 1) return;
    found.set(type.name, type);
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isObjectType(named) && !named.getFields().edges) visit(named, depth + 1);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || !type.getFields().edges || !type.getFields().pageInfo) continue;
    const node = getNamedType((getNamedType(type.getFields().edges.type) as GraphQLObjectType).getFields().node.type);
    if (isObjectType(node)) visit(node, 0);
  }
  return [...found.values()];
}

describe('the field label table', () => {
  it('labels, in Chinese, every scalar field an export can show and every object an export flattens', async () => {
    const missing: string[] = [];
    for (const type of await exportedTypes()) {
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        // Lists of objects are not columns: an export refuses them.
        const flattened = isObjectType(named) && !named.getFields().edges && !isListType(getNullableType(field.type));
        if (!isLeafType(named) && !flattened) continue;
        const label = fieldLabel(type.name, field.name);
        if (!label || !/[\u4e00-\u9fff]/.test(label)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

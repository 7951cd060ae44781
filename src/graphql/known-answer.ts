import { FieldNode, GraphQLResolveInfo, Kind, SelectionNode } from 'graphql';
import type { WriteInRead } from '../db/raw-query';
import type { ReadAudit } from './context';

/**
 * The request's audit row for a read that knows, before it runs, all its answer's audit row depends
 * on (how many rows, which credit codes under which keys: access/answer-audit.ts): `known` holds
 * those field values, as the resolver will return them. Only for a plain selection of the field
 * (fields without alias, directive or fragment), whose answer then has exactly the selected ones
 * under their own names; otherwise undefined, and the plugin writes the row once the answer exists.
 */
export function auditOfKnownAnswer(audit: ReadAudit | undefined, info: GraphQLResolveInfo, known: Record<string, unknown>): WriteInRead | undefined {
  const selections = info.fieldNodes.length === 1 ? (info.fieldNodes[0].selectionSet?.selections ?? []) : [];
  if (!audit || selections.length === 0 || !selections.every(plainField)) return undefined;
  const value: Record<string, unknown> = {};
  for (const field of selections as FieldNode[]) if (field.name.value in known) value[field.name.value] = known[field.name.value];
  const data = { [String(info.path.key)]: value };
  return { insert: (source) => audit.insertAnswer(source, data), written: () => audit.written() };
}

const plainField = (selection: SelectionNode): boolean => selection.kind === Kind.FIELD && !selection.alias && !selection.directives?.length;

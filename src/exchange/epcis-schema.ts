import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { projectRoot } from '../shared/project-root';

export interface SchemaProblem {
  /** JSON Pointer into the document, e.g. `/epcisBody/eventList/2/action`. */
  pointer: string;
  message: string;
}

let validator: ValidateFunction | undefined;

/**
 * GS1's EPCIS 2.0 JSON Schema (data/epcis-2.0-json-schema, unchanged): it
 * validates an EPCISDocument, an EPCISQueryDocument or a standalone event.
 * Compiled once per process.
 */
function compiled(): ValidateFunction {
  if (validator) return validator;
  const file = path.join(projectRoot(), 'data', 'epcis-2.0-json-schema', 'EPCISDocument.schema.json');
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  validator = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  return validator;
}

/** The problems GS1's schema finds in a document, most specific first; none when it is valid. */
export function epcisSchemaProblems(document: unknown): SchemaProblem[] {
  const validate = compiled();
  if (validate(document)) return [];
  const problems = (validate.errors ?? []).map((e) => ({ pointer: e.instancePath, message: `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` }));
  // anyOf/if-then branches report at their parent too: the deepest pointer names the field at fault.
  return problems.sort((a, b) => b.pointer.split('/').length - a.pointer.split('/').length);
}

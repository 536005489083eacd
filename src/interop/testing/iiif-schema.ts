/** Validation of IIIF Presentation 3.0 documents against the official validator's JSON Schema (draft-07), with ajv. */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import addFormats from 'ajv-formats';
import type { SchemaResult } from './linked-art-schema.js';
import { standardsPath } from './standards.js';

// ajv is CommonJS: under NodeNext its class is the `default` of the imported module.
const Ajv = AjvModule.default;

let validator: ReturnType<InstanceType<typeof Ajv>['compile']> | undefined;

function compiled() {
  if (validator) return validator;
  // The schema has annotation keywords ajv does not know: not strict (as the schema's README says).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  validator = ajv.compile(JSON.parse(readFileSync(standardsPath('iiif', 'presentation-3.0.schema.json'), 'utf8')) as object);
  return validator;
}

/** Whether the document is a valid Presentation 3.0 Manifest or Collection, with every error ajv finds. */
export function validatePresentation(document: unknown): SchemaResult {
  const validate = compiled();
  const valid = validate(document) as boolean;
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`) };
}

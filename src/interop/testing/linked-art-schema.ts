/** Validation of Linked Art documents against the official JSON Schemas (draft 2020-12), with ajv. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { LINKED_ART_SCHEMA_DIR } from './standards.js';

export const OBJECT_SCHEMA_ID = 'https://linked.art/api/1.0/schema/object.json';

// ajv is CommonJS: under NodeNext its class is the `default` of the imported module.
const Ajv2020 = Ajv2020Module.default;
type Ajv = InstanceType<typeof Ajv2020>;

let ajv: Ajv | undefined;

/** One ajv instance with every schema of the folder registered under its `$id`, so that cross-file `$ref`s resolve. */
function instance(): Ajv {
  if (ajv) return ajv;
  // The published schemas use a few annotation keywords ajv does not know ("Title"): not strict.
  const created = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(created);
  const dir = LINKED_ART_SCHEMA_DIR();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    created.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object);
  }
  ajv = created;
  return created;
}

export interface SchemaResult {
  valid: boolean;
  errors: string[];
}

export function validateLinkedArt(document: unknown, schemaId = OBJECT_SCHEMA_ID): SchemaResult {
  const validate = instance().getSchema(schemaId);
  if (!validate) throw new Error(`The Linked Art schema ${schemaId} is not loaded.`);
  const valid = validate(document) as boolean;
  return { valid, errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`) };
}

/**
 * The JSON Lines import format (`egide import --format jsonl`): one record per line, `.jsonl` or
 * gzipped. With `--mapping FILE`, records of any shape are read through the mapping file
 * (mapping-file.ts). Without one, each line is an object as Egide's API reads and writes it:
 * `{"description": {…Object ID fields…}, "sensitive": {…}}` (what `GET /api/v1/objects/{id}` gives;
 * its other keys are ignored and its `id` is kept as the record's id), or the description alone.
 */
import { SensitiveSchema } from '../../registry/object.schemas.js';
import type { ImportFormat } from './import-formats.js';
import type { MappedRecord } from './import-pipeline.js';
import { openJsonlSource } from './jsonl-source.js';
import { isMapped, openMappedJsonl } from './mapping-import.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A record as Egide's API writes an object (a JSON Lines line, an element of a JSON array), or a description alone. */
export function mapEgideRecord(record: Record<string, unknown>): MappedRecord {
  if (!isObject(record.description)) return { description: record };
  const mapped: MappedRecord = { description: record.description };
  if (typeof record.id === 'string' && record.id.trim() !== '') mapped.sourceId = record.id.trim();
  if (record.sensitive !== undefined) {
    const sensitive = SensitiveSchema.safeParse(record.sensitive);
    if (sensitive.success) mapped.sensitive = sensitive.data;
    else {
      // Each refused field is left out with a warning, its value neither in the warning nor in the
      // description: sensitive fields must not reach a report or a public text.
      mapped.warnings = sensitive.error.issues.map((issue) => ({ field: `sensitive.${issue.path.map(String).join('.')}`, reason: `${issue.message}: left out` }));
      const refused = new Set(sensitive.error.issues.map((issue) => issue.path[0]));
      const rest = isObject(record.sensitive) ? SensitiveSchema.safeParse(Object.fromEntries(Object.entries(record.sensitive).filter(([key]) => !refused.has(key)))) : undefined;
      if (rest?.success) mapped.sensitive = rest.data;
    }
  }
  return mapped;
}

export const jsonlFormat: ImportFormat = {
  name: 'jsonl',
  extensions: ['.jsonl', '.jsonl.gz', '.ndjson'],
  takesMapping: true,
  open(file, options) {
    if (isMapped(options)) return openMappedJsonl(file, options);
    return { source: openJsonlSource(file), map: (record) => mapEgideRecord(record as Record<string, unknown>) };
  },
};

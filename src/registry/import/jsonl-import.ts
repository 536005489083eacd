/**
 * The JSON Lines import format (`egide import --format jsonl`): one record per line, `.jsonl` or
 * gzipped. With `--mapping FILE`, records of any shape are read through the mapping file
 * (mapping-file.ts). Without one, each line is an object as Egide's API reads and writes it:
 * `{"description": {…Object ID fields…}, "sensitive": {…}}` (what `GET /api/v1/objects/{id}` gives;
 * its other keys are ignored and its `id` is kept as the record's id), or the description alone.
 */
import { SensitiveSchema } from '../object.schemas.js';
import type { ImportFormat } from './import-formats.js';
import { RowError, type MappedRecord } from './import-pipeline.js';
import { openJsonlSource } from './jsonl-source.js';
import { openMappedJsonl } from './mapping-import.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A line as Egide's API writes an object, or a description alone. */
function mapEgideRecord(record: Record<string, unknown>): MappedRecord {
  if (!isObject(record.description)) return { description: record };
  const mapped: MappedRecord = { description: record.description };
  if (typeof record.id === 'string' && record.id.trim() !== '') mapped.sourceId = record.id.trim();
  if (record.sensitive !== undefined) {
    const sensitive = SensitiveSchema.safeParse(record.sensitive);
    if (!sensitive.success) throw new RowError(sensitive.error.issues.map((issue) => `sensitive.${issue.path.map(String).join('.')}: ${issue.message}`).join('; '));
    mapped.sensitive = sensitive.data;
  }
  return mapped;
}

export const jsonlFormat: ImportFormat = {
  name: 'jsonl',
  extensions: ['.jsonl', '.jsonl.gz', '.ndjson'],
  takesMapping: true,
  open(file, { lang, mapping }) {
    if (mapping !== undefined) return openMappedJsonl(file, { lang, mapping });
    return { source: openJsonlSource(file), map: (record) => mapEgideRecord(record as Record<string, unknown>) };
  },
};

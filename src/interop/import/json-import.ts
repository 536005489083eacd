/**
 * The JSON import format (`egide import --format json`): a file holding one record or an array of
 * records, as museums publish them (streamed: a 2 GB array is never held in memory; json-source.ts),
 * or a folder of such files. With `--mapping FILE`, records of any shape are read through the
 * mapping file; without one, each record is an object as Egide's API reads and writes it, or a
 * description alone, as in the JSON Lines format.
 */
import type { ImportFormat } from './import-formats.js';
import { openJsonSource } from './json-source.js';
import { mapEgideRecord } from './jsonl-import.js';
import { isMapped, openMappedJson } from './mapping-import.js';

export const jsonFormat: ImportFormat = {
  name: 'json',
  extensions: ['.json'],
  takesMapping: true,
  sameFieldsInEveryFile: true,
  largeRecords: true,
  open(file, options) {
    // The options object itself: the files of a folder share one compiled mapping.
    if (isMapped(options)) return openMappedJson(file, options);
    return { source: openJsonSource(file), map: (record) => mapEgideRecord(record as Record<string, unknown>) };
  },
};

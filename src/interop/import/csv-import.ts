/**
 * The CSV import format, as `egide import --format csv` reads it (see csv-format.ts for the
 * columns), or with `--mapping FILE` any CSV export, its columns read through the mapping file.
 */
import { dirname } from 'node:path';
import { csvFieldLabel, csvTemplate, fieldsNotInCsv } from './csv-format.js';
import { mapCsvRow, type CsvMapOptions } from './csv-mapper.js';
import { openCsvSource, type CsvRow } from './csv-source.js';
import type { ImportFormat, OpenedImport } from './import-formats.js';
import { imageFolder } from './import-images.js';
import { isMapped, openMappedCsv } from './mapping-import.js';

export const csvFormat: ImportFormat = {
  name: 'csv',
  extensions: ['.csv'],
  takesMapping: true,
  open(file, opening): OpenedImport<unknown> {
    if (isMapped(opening)) return openMappedCsv(file, opening);
    const { lang } = opening;
    const source = openCsvSource(file);
    // Images are read from the CSV file's folder, and from nowhere else.
    const options: CsvMapOptions = { lang, folder: imageFolder(dirname(file)) };
    return {
      source,
      map: (row) => mapCsvRow(row as CsvRow, options),
      keep: fieldsNotInCsv(source.columns),
      fieldLabel: csvFieldLabel,
    };
  },
  template: csvTemplate,
};

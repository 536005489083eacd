/** The CSV import format, as `egide import --format csv` reads it (see csv-format.ts for the columns). */
import { dirname } from 'node:path';
import { csvFieldLabel, csvTemplate, fieldsNotInCsv } from './csv-format.js';
import { mapCsvRow, type CsvMapOptions } from './csv-mapper.js';
import { openCsvSource, type CsvRow } from './csv-source.js';
import { imageFolder } from './import-images.js';
import type { ImportFormat, OpenedImport } from './import-file.js';

export const csvFormat: ImportFormat = {
  name: 'csv',
  open(file, { lang }): OpenedImport<unknown> {
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

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { invalid } from '../../errors.js';
import { SECRETARIAT_SLUG } from '../../network/partner.service.js';
import { DEFAULT_MAPPING, parsePlaceMapping, placeRecords, placeSourceFormat } from '../../emergencies/places-import.js';
import { withContext, withDataOption, type DataOptions } from '../data-options.js';

interface ImportOptions extends DataOptions {
  org?: string;
  mapping?: string;
}

export function registerPlacesCommands(program: Command): void {
  const places = program.command('places').description('heritage places: import them from CSV or GeoJSON with a mapping');
  withDataOption(
    places
      .command('import')
      .description('import heritage places from a CSV file or a GeoJSON FeatureCollection (.geojson); each refused row is named with its line (CSV) or feature number, and the others are imported')
      .argument('<file>', 'the CSV or GeoJSON file')
      .option('--org <slug>', 'the responsible organisation of rows that name none')
      .option('--mapping <file>', 'a JSON mapping: {"fields": {"names.en": "Name", "kind": "Type", "longitude": "X", …}, "values": {"kind": {"Tell": "archaeological-site"}}}'),
  ).action(async (file: string, options: ImportOptions) => {
    const mapping = options.mapping ? parsePlaceMapping(JSON.parse(readFileSync(resolve(options.mapping), 'utf8')) as unknown) : DEFAULT_MAPPING;
    if ('issues' in mapping) throw invalid(`The mapping is invalid: ${mapping.issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ')}`);
    const path = resolve(file);
    const source = placeRecords(path, placeSourceFormat(path), mapping);
    const result = await withContext(options, async (context) => {
      // The command line acts for the secretariat, as its admin service user.
      const operator = await context.accounts.servicePrincipal(SECRETARIAT_SLUG, 'admin');
      return context.placesImport.import(operator, source.records, source.mapping, options.org);
    });
    for (const issue of result.refused) process.stderr.write(`row ${issue.row}: refused: ${issue.field ? `${issue.field}: ` : ''}${issue.message}\n`);
    for (const issue of result.warnings) process.stderr.write(`row ${issue.row}: warning: ${issue.field}: ${issue.message}\n`);
    process.stdout.write(`${result.imported} imported, ${new Set(result.refused.map((issue) => issue.row)).size} refused\n`);
    if (result.refused.length > 0) process.exitCode = 1;
  });
}

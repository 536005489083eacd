import { DomainError, type FieldIssue } from '../errors.js';
import type { SourceItem } from '../interop/import/import-pipeline.js';
import type { Principal } from '../roles.js';
import type { HeritagePlaceService } from './places/heritage-place.service.js';
import { mapPlace, type PlaceMapping } from './places-import.js';

/** A row (CSV line, or GeoJSON feature number) refused or kept with a warning, and why. */
export interface RowIssue {
  row: number;
  field: string;
  message: string;
}

export interface PlacesImportResult {
  imported: number;
  placeIds: string[];
  refused: RowIssue[];
  warnings: RowIssue[];
}

/**
 * Imports places record by record through the places' own service (its rules: who may write which
 * place, the responsible organisation); a refused record is reported and the others go on.
 */
export class PlacesImportService {
  constructor(private readonly places: Pick<HeritagePlaceService, 'create'>) {}

  async import(principal: Principal, records: AsyncIterable<SourceItem<Record<string, unknown>>> | Iterable<SourceItem<Record<string, unknown>>>, mapping: PlaceMapping, organisation?: string): Promise<PlacesImportResult> {
    const result: PlacesImportResult = { imported: 0, placeIds: [], refused: [], warnings: [] };
    for await (const item of records) {
      const row = item.line;
      if ('error' in item) {
        result.refused.push({ row, field: '', message: item.error });
        continue;
      }
      const mapped = mapPlace(item.record, mapping, organisation);
      if ('issues' in mapped) {
        result.refused.push(...mapped.issues.map((issue) => ({ row, ...issue })));
        continue;
      }
      try {
        const place = await this.places.create(principal, mapped.input);
        result.imported += 1;
        result.placeIds.push(place.id);
        result.warnings.push(...mapped.warnings.map((issue) => ({ row, ...issue })));
      } catch (error) {
        // The places' own refusals (an unknown organisation, one the importer may not write for) name the row; anything else stops the import.
        if (!(error instanceof DomainError) || (error.kind !== 'invalid' && error.kind !== 'forbidden' && error.kind !== 'not-found')) throw error;
        const issues: FieldIssue[] = error.issues.length > 0 ? error.issues : [{ field: 'organisation', message: error.message }];
        result.refused.push(...issues.map((issue) => ({ row, ...issue })));
      }
    }
    return result;
  }
}

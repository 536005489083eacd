import { csvLine } from '../interop/csv/object-csv.js';
import type { ExternalDataset } from './external-datasets.service.js';

/** A dataset's rows as CSV, with the columns it was imported with, then its unit and source on every line (a file read alone keeps them). */
export function datasetCsv(dataset: ExternalDataset): string {
  const columns = [...(dataset.shape.area ? [dataset.shape.area] : []), ...(dataset.shape.year ? ['year'] : []), 'value', 'unit', 'source'];
  const source = `${dataset.source.organisation}: ${dataset.source.title}`;
  const lines = dataset.rows.map((row) =>
    csvLine([...(dataset.shape.area ? [row.area ?? ''] : []), ...(dataset.shape.year ? [String(row.year ?? '')] : []), String(row.value), dataset.unit, source]),
  );
  return [csvLine(columns), ...lines].join('');
}

import type { AuditTrail } from '../audit/audit.service.js';
import { DomainError, notFound } from '../errors.js';
import type { Principal } from '../roles.js';
import { DatasetMetadataSchema, rowsFromCsv, rowsFromJson, validateRows, type DatasetMetadata, type DatasetRow, type DatasetShape, type JsonRow } from './external-dataset.js';
import { parseOrRefuse } from './library.js';
import type { DatasetListRow, ExternalDatasetRepository } from './external-datasets.repository.js';

/** A dataset as listed: its metadata and shape, without rows. */
export interface ExternalDatasetSummary extends DatasetMetadata {
  shape: DatasetShape;
  rowCount: number;
  importedAt: string;
}

export interface ExternalDataset extends ExternalDatasetSummary {
  rows: DatasetRow[];
}

/** The rows of an import: a CSV text or JSON rows. */
export type DatasetRowsSource = { csv: string } | { rows: readonly JsonRow[] };

const noDataset = (slug: string) => notFound(`No external dataset "${slug}".`);

/**
 * External datasets: anyone reads them; admins of the secretariat import (all or nothing, every bad
 * row named) and delete them. Importing a slug again replaces that dataset (a corrected edition).
 */
export class ExternalDatasetService {
  constructor(
    private readonly datasets: ExternalDatasetRepository,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  async list(): Promise<ExternalDatasetSummary[]> {
    return (await this.datasets.list()).map(summaryOf);
  }

  /** Every dataset with its rows (a few, of hundreds of rows each): the observatory page shows them all beside its own figures. */
  async withRows(): Promise<ExternalDataset[]> {
    return Promise.all((await this.datasets.list()).map((row) => this.get(row.slug)));
  }

  async get(slug: string): Promise<ExternalDataset> {
    const row = await this.datasets.find(slug);
    if (!row) throw noDataset(slug);
    return { ...summaryOf(row), rows: JSON.parse(row.rows) as DatasetRow[] };
  }

  /** Checks the metadata and every row, then stores the dataset; refused whole otherwise. Returns it, and whether it replaced one. */
  async import(principal: Principal, metadata: DatasetMetadata, source: DatasetRowsSource): Promise<{ dataset: ExternalDataset; replaced: boolean }> {
    requireAdmin(principal);
    const checked = parseOrRefuse(DatasetMetadataSchema, metadata, 'The dataset’s description is not valid.');
    const { rows, shape } = validateRows('csv' in source ? rowsFromCsv(source.csv) : rowsFromJson(source.rows));
    const replaced = (await this.datasets.find(checked.slug)) !== undefined;
    const now = new Date().toISOString();
    await this.datasets.save({
      slug: checked.slug,
      metadata: JSON.stringify(checked),
      shape: JSON.stringify(shape),
      rows: JSON.stringify(rows),
      row_count: rows.length,
      published_on: checked.publishedOn,
      imported_at: now,
      imported_by: principal.userId,
    });
    await this.audit.record(principal, { action: 'observatory-dataset.import', targetType: 'observatory-dataset', targetId: checked.slug, details: { rows: rows.length, replaced } });
    return { dataset: { ...checked, shape, rowCount: rows.length, importedAt: now, rows }, replaced };
  }

  async delete(principal: Principal, slug: string): Promise<void> {
    requireAdmin(principal);
    if (!(await this.datasets.delete(slug))) throw noDataset(slug);
    await this.audit.record(principal, { action: 'observatory-dataset.delete', targetType: 'observatory-dataset', targetId: slug });
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw new DomainError('forbidden', 'Only admins of the secretariat import and delete external datasets.');
}

function summaryOf(row: DatasetListRow): ExternalDatasetSummary {
  return { ...(JSON.parse(row.metadata) as DatasetMetadata), shape: JSON.parse(row.shape) as DatasetShape, rowCount: row.row_count, importedAt: row.imported_at };
}

import type { Principal } from '../roles.js';
import type { TestApp } from '../test-support/test-app.js';
import type { DatasetMetadata } from './external-dataset.js';
import type { LibraryItemInput } from './library.js';

let serial = 0;

/** A dataset's description; `slug` fresh unless given. */
export const sampleDatasetMetadata = (overrides: Partial<DatasetMetadata> = {}): DatasetMetadata => ({
  slug: `survey-${++serial}`,
  title: 'Seizures of cultural goods by region',
  source: { organisation: 'A police cooperation body', title: 'Survey on crimes against cultural property', url: 'https://example.org/survey' },
  publishedOn: '2024-06-30',
  definitions: 'Objects seized by police and customs, counted once per seizure.',
  caveats: 'Not every country answered; counts are not comparable across years.',
  licence: 'CC BY 4.0',
  unit: 'seizures',
  ...overrides,
});

export const SAMPLE_CSV = 'region,year,value\n150,2022,40\n002,2022,10\ntotal,2022,50\n150,2023,30\n';

export const sampleLibraryItem = (overrides: Partial<LibraryItemInput> = {}): LibraryItemInput => ({
  kind: 'document',
  texts: { fr: { title: 'Guide de l’évêque sur les objets liturgiques', summary: 'Protéger les trésors des églises.' } },
  countries: ['FR'],
  themes: ['provenance'],
  source: 'Conférence des évêques',
  licence: 'CC BY 4.0',
  publishedOn: '2024-03-01',
  ...overrides,
});

/** A new dataset's slug (the access matrix's `{id}`). */
export async function makeDataset(t: TestApp, admin: Principal): Promise<string> {
  return (await t.context.externalDatasets.import(admin, sampleDatasetMetadata(), { csv: SAMPLE_CSV })).dataset.slug;
}

/** A new listed library item's id. */
export async function makeLibraryItem(t: TestApp, admin: Principal): Promise<string> {
  return String((await t.context.library.create(admin, sampleLibraryItem())).id);
}

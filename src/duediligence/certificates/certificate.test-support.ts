import type { Principal } from '../../roles.js';
import type { TestApp } from '../../test-support/test-app.js';
import type { CertifiableLot } from '../certifiable-lot.js';
import type { LotFields } from '../lot.js';

let lots = 0;

/** A screened lot without a match, as the due-diligence check hands it to certificates (a new check id each time). */
export function certifiableLot(holder: Principal, fields: LotFields = {}, overrides: Partial<CertifiableLot> = {}): CertifiableLot {
  lots += 1;
  return {
    checkId: `check-${lots}-${Date.now().toString(36)}`,
    lotId: 1,
    fields: { reference: `Lot ${lots}`, title: 'Still life with lemons', maker: 'Unknown Dutch painter', inventoryNumbers: ['GAL-2024-17'], ...fields },
    photos: [],
    outcome: 'no-match',
    evidence: { textCandidates: 0, photoCandidates: 0, categories: 0, thresholds: ['eu-import-licence:unknown'], provenanceGaps: ['gap-1933-1945'] },
    scopes: ['registry-text', 'red-lists', 'eu-import-thresholds', 'provenance'],
    searchedAt: '2026-12-07T10:00:00.000Z',
    registry: { objects: 3000, alerts: 13, photos: 50, version: 'v42', at: '2026-12-07T10:00:00.000Z' },
    by: { name: holder.displayName, organisation: { id: holder.organisationId, slug: holder.organisationSlug, name: 'Galerie Test' } },
    ...overrides,
  };
}

/** A certificate issued to `holder` for a new lot without a match; its id. */
export async function makeCertificate(t: TestApp, holder: Principal): Promise<string> {
  return (await t.context.certificates.issue(holder, { lot: certifiableLot(holder), watch: false, origin: 'http://localhost', lang: 'en' })).id;
}

import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../roles.js';
import { expectDomainError } from '../../test-support/domain-errors.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import type { AssessmentSubmissionInput } from './heritage-place.schemas.js';
import { sampleMuseum, sampleSite, sampleSubmission } from './heritage-place.test-support.js';

const submission = (overrides: Record<string, unknown> = {}) => sampleSubmission(overrides) as AssessmentSubmissionInput;

describe('HeritagePlaceService and its repository', () => {
  let t: TestApp;
  let assessor: Principal;
  let investigator: Principal;
  beforeAll(async () => {
    t = await createTestApp();
    await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
    assessor = (await t.context.accounts.principalFromApiToken(await t.token('heritage-assessor')))!;
    investigator = (await t.context.accounts.principalFromApiToken(await t.token('investigator', 'interpol')))!;
  });
  afterAll(() => t.close());
  const service = () => t.context.heritagePlaces;

  it('keeps as latest the assessment of the latest visit, whatever the order they arrive in', async () => {
    const place = await service().create(assessor, sampleSite());
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await service().assess(assessor, place.id, submission({ assessedOn: today, condition: 'destroyed' }), []);
    // Sent later from a phone that was offline: an earlier visit.
    await service().assess(assessor, place.id, submission({ assessedOn: yesterday, condition: 'fair' }), []);
    expect((await service().get(null, place.id)).latestAssessment).toMatchObject({ condition: 'destroyed', assessedOn: today });
    expect((await service().assessments(null, place.id)).map((a) => a.condition)).toEqual(['destroyed', 'fair']);
    expect((await service().list(null, { condition: 'destroyed', page: 1, limit: 50 })).items.map((p) => p.id)).toContain(place.id);
  });

  it('never changes or deletes an assessment: the database refuses it', async () => {
    const place = await service().create(assessor, sampleSite());
    const { assessment } = await service().assess(assessor, place.id, submission(), []);
    await expect(sql`update heritage_assessments set condition = 'good' where id = ${assessment.id}`.execute(t.context.db)).rejects.toThrow(/never changes/);
    await expect(sql`delete from heritage_assessments where id = ${assessment.id}`.execute(t.context.db)).rejects.toThrow(/never changes/);
  });

  it('signs the assessment with the assessor and their organisation, shown by name to signed-in readers only', async () => {
    const place = await service().create(assessor, sampleSite());
    const { assessment } = await service().assess(assessor, place.id, submission(), []);
    expect(assessment.signed).toMatchObject({ by: assessor.displayName, organisation: expect.any(String) });
    const [publicView] = await service().assessments(null, place.id);
    expect(publicView!.signed.by).toBeUndefined();
    expect(publicView!.recommendation).toBeUndefined();
    expect((await service().assessments(investigator, place.id))[0]!.recommendation).toBe('Fence the north trench');
  });

  it('finds the places meeting an area by their indexed box, with their latest assessment', async () => {
    const inside = await service().create(assessor, sampleSite({ geometry: { type: 'Polygon', coordinates: [[[10.1, 10.1], [10.4, 10.1], [10.4, 10.3], [10.1, 10.1]]] } }));
    const outside = await service().create(assessor, sampleSite({ geometry: { type: 'Point', coordinates: [12.5, 10.2] } }));
    await service().assess(assessor, inside.id, submission({ condition: 'poor' }), []);
    const found = await t.context.heritagePlaceRepository.placesMeeting({ minLon: 10, minLat: 10, maxLon: 11, maxLat: 11 });
    const ids = found.map((row) => row.place.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect(found.find((row) => row.place.id === inside.id)!.latest).toMatchObject({ condition: 'poor' });
    expect(await t.context.heritagePlaceRepository.placesMeeting({ minLon: 10, minLat: 10, maxLon: 11, maxLat: 11 }, ['FR'])).toEqual([]);
  });

  it('defaults sensitivity by kind and links a museum to its organisation', async () => {
    const museum = await service().create(assessor, sampleMuseum('louvre'));
    expect(museum).toMatchObject({ sensitive: false, organisation: { slug: 'louvre', name: 'Musée du Louvre' } });
    expect((await t.context.heritagePlaceRepository.placesOf({ organisationIds: [(await t.context.organisations.findBySlug('louvre'))!.id] })).map((r) => r.place.id)).toContain(museum.id);
    await expectDomainError(service().create(assessor, sampleMuseum('no-such-museum')), 'invalid');
  });

  it('refuses writers other than assessors, admins and a museum’s registrars', async () => {
    await expectDomainError(service().create(investigator, sampleSite()), 'forbidden');
    const place = await service().create(assessor, sampleSite());
    await expectDomainError(service().assess(investigator, place.id, submission(), []), 'forbidden');
    await expectDomainError(service().get(null, 'zzzzzzzzzzzzzzzz'), 'not-found');
  });
});

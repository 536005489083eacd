import type { AuditTrail } from '../../audit/audit.service.js';
import { DomainError, invalid, notFound, type FieldIssue } from '../../errors.js';
import { newPublicId } from '../../registry/ids.js';
import type { Principal } from '../../roles.js';
import type { AssessmentSubmission, Threat } from '../heritage-place-contract.js';
import type { Protection } from '../protection.js';
import type { AssessmentPhotoFiles, AssessmentPhotoVariant } from './assessment-photos.js';
import { boundingBox, generalisedRegion, geometryIssues, type BoundingBox, type PlaceGeometry } from './geometry.js';
import { canEditPlace, exactScope, PLACE_WRITERS, seesExactPosition } from './heritage-place-access.js';
import type { AssessmentPhotoRow, AssessmentRow, HeritagePlaceRepository, PlaceChanges, PlaceRow, PlaceWithLatest } from './heritage-place.repository.js';
import type { AssessmentSubmissionInput, PlaceInput, PlaceListQuery } from './heritage-place.schemas.js';

export interface AssessmentPhotoView {
  id: string;
  url: string;
  thumbnailUrl: string;
  position?: { lat: number; lon: number } | null;
}

export interface AssessmentView {
  id: string;
  placeId: string;
  assessedOn: string;
  phase: AssessmentSubmission['phase'];
  condition: AssessmentSubmission['condition'];
  damageExtent: AssessmentSubmission['damageExtent'];
  threats: Threat[];
  recommendation?: string;
  priority: AssessmentSubmission['priority'];
  notes?: string;
  signed: { by?: string; organisation: string; at: string };
  placeVersion: number;
  photos: AssessmentPhotoView[];
}

export interface PlaceView {
  id: string;
  names: Record<string, string>;
  kind: PlaceInput['kind'];
  country: string;
  locationCertainty: PlaceInput['locationCertainty'];
  period: { text?: string; earliestYear?: number; latestYear?: number } | null;
  culturalAffiliation: string | null;
  organisation: { slug: string; name: string } | null;
  description: string | null;
  sensitive: boolean;
  /** Under the 1954 Hague Convention: for those who see the position, as the no-strike lists. */
  protection?: Protection;
  position: 'exact' | 'generalised';
  geometry?: PlaceGeometry;
  bbox?: BoundingBox;
  region: { west: number; south: number; east: number; north: number };
  latestAssessment: AssessmentView | null;
  canEdit: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface AssessmentResult {
  /** 201 for a new assessment, 200 for a replay of one already made (same Idempotency-Key). */
  status: 200 | 201;
  assessment: AssessmentView;
  placeVersion: number;
  conflict?: { placeVersion: number; seenVersion: number };
  warnings: FieldIssue[];
}

/** A photo sent with an assessment, in the order of `photoPositions`. */
export interface SubmittedPhoto {
  bytes: Buffer;
  filename: string;
}

/** Where an assessment photo is served (outside the OpenAPI document, as the registry's photos). */
export const assessmentPhotoPath = (id: string, variant: AssessmentPhotoVariant = 'display') => `/media/heritage-places/photos/${id}${variant === 'display' ? '' : `/${variant}`}`;

export class PlaceVersionConflict extends DomainError {
  constructor(readonly currentVersion: number) {
    super('precondition-failed', `The place was changed since version you edited; it is now at version ${currentVersion}. Read it again and redo your change.`);
    this.name = 'PlaceVersionConflict';
  }
}

/**
 * Heritage places at risk and their assessments: who may write them, what each reader sees of a
 * sensitive place's position (its 1° region only, unless entitled: heritage-place-access.ts), and
 * how an assessment sent again from a phone (`Idempotency-Key`) or over a place changed meanwhile is
 * answered without losing anyone's work.
 */
export class HeritagePlaceService {
  constructor(
    private readonly places: HeritagePlaceRepository,
    private readonly photos: AssessmentPhotoFiles,
    private readonly audit: Pick<AuditTrail, 'record'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(principal: Principal, input: PlaceInput): Promise<PlaceView> {
    if (!PLACE_WRITERS.includes(principal.role)) throw forbidden(principal);
    const organisation = await this.responsibleOrganisation(principal, input);
    if (!canEditPlace(principal, { kind: input.kind, organisation_id: organisation?.id ?? null })) throw forbiddenPlace();
    const id = newPublicId();
    const at = this.now().toISOString();
    await this.places.insertPlace({ id, ...this.columns(input, organisation?.id ?? null, principal, at), version: 1, created_at: at, created_by: userOf(principal) });
    await this.audit.record(principal, { action: 'heritage-place.create', targetType: 'heritage-place', targetId: id, details: placeDetails(input, 1) });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, input: PlaceInput, version: number): Promise<PlaceView> {
    const place = await this.placeRow(id);
    if (!canEditPlace(principal, place)) throw forbiddenPlace();
    const organisation = await this.responsibleOrganisation(principal, input, place.organisation_id);
    if (!canEditPlace(principal, { kind: input.kind, organisation_id: organisation?.id ?? null })) throw forbiddenPlace();
    const saved = await this.places.updatePlace(id, this.columns(input, organisation?.id ?? null, principal, this.now().toISOString()), version);
    if (saved === null) throw new PlaceVersionConflict((await this.placeRow(id)).version);
    await this.audit.record(principal, { action: 'heritage-place.update', targetType: 'heritage-place', targetId: id, details: placeDetails(input, saved) });
    return this.get(principal, id);
  }

  async get(principal: Principal | null, id: string): Promise<PlaceView> {
    const place = await this.placeRow(id);
    const latest = place.latest_assessment_id ? await this.places.findAssessment(place.latest_assessment_id) : undefined;
    return (await this.views(principal, [{ place, latest: latest ?? null }]))[0]!;
  }

  async list(principal: Principal | null, query: PlaceListQuery): Promise<{ items: PlaceView[]; total: number }> {
    const [west, south, east, north] = query.bbox ?? [];
    const { rows, total } = await this.places.listPlaces({
      country: query.country,
      kind: query.kind,
      condition: query.condition,
      bbox: query.bbox ? { minLon: west!, minLat: south!, maxLon: east!, maxLat: north! } : undefined,
      scope: exactScope(principal),
      limit: query.limit,
      offset: (query.page - 1) * query.limit,
    });
    return { items: await this.views(principal, await this.places.withLatest(rows)), total };
  }

  /** Every assessment of the place, latest visit first. */
  async assessments(principal: Principal | null, placeId: string): Promise<AssessmentView[]> {
    const place = await this.placeRow(placeId);
    return this.assessmentViews(principal, place, await this.places.assessments(placeId));
  }

  /**
   * Records an assessment, signed by `principal` now. With an `idempotencyKey` already used by this
   * assessor, nothing is written and the first answer comes back (200). A `placeVersion` other than
   * the place's current one saves the assessment all the same and reports the conflict.
   */
  async assess(
    principal: Principal,
    placeId: string,
    submission: AssessmentSubmissionInput,
    photos: SubmittedPhoto[],
    options: { idempotencyKey?: string | undefined } = {},
  ): Promise<AssessmentResult> {
    const place = await this.placeRow(placeId);
    if (!canEditPlace(principal, place)) throw forbiddenPlace();
    if (options.idempotencyKey) {
      const earlier = await this.places.findByIdempotencyKey(principal.userId, options.idempotencyKey);
      if (earlier) return this.replay(principal, place, earlier);
    }
    this.checkDate(submission.assessedOn, place);
    const positions = submission.photoPositions ?? [];
    if (positions.length > photos.length) throw invalid('photoPositions has more entries than photos were sent.', [{ field: 'assessment.photoPositions', message: `${positions.length} positions for ${photos.length} photos` }]);
    const prepared = await this.photos.prepareAll(photos);
    const warnings: FieldIssue[] = prepared.flatMap((_, index) => (positions[index] ? [] : [{ field: `photos[${index}]`, message: 'The photo has no position: it is kept, but cannot be placed on the site.' }]));

    const at = this.now().toISOString();
    const id = newPublicId();
    const photoIds = prepared.map(() => newPublicId());
    const written: Array<{ id: string; contentType: string }> = [];
    let row: AssessmentRow;
    try {
      for (const [index, photo] of prepared.entries()) {
        // Listed first: a write that fails half-way leaves files to remove too.
        written.push({ id: photoIds[index]!, contentType: photo.contentType });
        await this.photos.write(photoIds[index]!, photo);
      }
      const organisation = await this.places.organisationBySlug(principal.organisationSlug);
      row = await this.places.insertAssessment(
        {
          id,
          place_id: placeId,
          assessed_on: submission.assessedOn,
          phase: submission.phase,
          condition: submission.condition,
          damage_extent: submission.damageExtent,
          threats: JSON.stringify(submission.threats),
          recommendation: submission.recommendation,
          priority: submission.priority,
          notes: submission.notes ?? null,
          assessor_id: principal.userId,
          assessor_name: principal.displayName,
          organisation_id: principal.organisationId,
          organisation_name: organisation?.name ?? principal.organisationSlug,
          created_at: at,
          seen_place_version: submission.placeVersion ?? null,
          idempotency_key: options.idempotencyKey ?? null,
        },
        prepared.map((photo, index) => ({
          id: photoIds[index]!,
          assessment_id: id,
          position: index,
          content_type: photo.contentType,
          width: photo.width,
          height: photo.height,
          latitude: positions[index]?.lat ?? null,
          longitude: positions[index]?.lon ?? null,
          created_at: at,
        })),
      );
    } catch (error) {
      await Promise.all(written.map((photo) => this.photos.remove(photo.id, photo.contentType)));
      // The same key sent twice at once: the other request made the assessment; answer with it.
      const earlier = options.idempotencyKey ? await this.places.findByIdempotencyKey(principal.userId, options.idempotencyKey) : undefined;
      if (earlier) return this.replay(principal, place, earlier);
      throw error;
    }
    // Committed: the photos stay whatever happens next.
    await this.audit.record(principal, { action: 'heritage-place.assess', targetType: 'heritage-place', targetId: placeId, details: { assessment: id, assessedOn: row.assessed_on, condition: row.condition, photos: prepared.length } });
    return { ...(await this.result(principal, place, row)), status: 201, warnings };
  }

  /** A photo of an assessment, as visible as its place allows: none of a sensitive place's photos with a position for those who may not see it. */
  async photo(principal: Principal | null, photoId: string, variant: AssessmentPhotoVariant): Promise<{ bytes: Buffer; contentType: string }> {
    const photo = await this.places.findPhoto(photoId);
    if (!photo) throw notFound('No such photo.');
    const place = await this.placeRow(photo.place_id);
    if (!photoVisible(principal, place, photo)) throw notFound('No such photo.');
    const file = await this.photos.read(photo.id, variant, photo.content_type);
    if (!file) throw notFound('The photo’s file is missing.');
    return file;
  }

  private async replay(principal: Principal, place: PlaceRow, earlier: AssessmentRow): Promise<AssessmentResult> {
    const photos = await this.places.photosOf([earlier.id]);
    const warnings = photos.filter((photo) => photo.latitude === null).map((photo) => ({ field: `photos[${photo.position}]`, message: 'The photo has no position: it is kept, but cannot be placed on the site.' }));
    return { ...(await this.result(principal, place, earlier)), status: 200, warnings };
  }

  private async result(principal: Principal, place: PlaceRow, row: AssessmentRow): Promise<Omit<AssessmentResult, 'status' | 'warnings'>> {
    const current = await this.placeRow(place.id);
    const [assessment] = await this.assessmentViews(principal, current, [row]);
    const seen = row.seen_place_version;
    return { assessment: assessment!, placeVersion: current.version, ...(seen !== null && seen !== row.place_version ? { conflict: { placeVersion: row.place_version, seenVersion: seen } } : {}) };
  }

  private checkDate(assessedOn: string, place: PlaceRow): void {
    const field = 'assessment.assessedOn';
    const date = new Date(`${assessedOn}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== assessedOn) throw invalid(`${field}: ${assessedOn} is not a date.`, [{ field, message: 'not a calendar date' }]);
    // "Today" anywhere on Earth: an assessor east of UTC may already be a day ahead.
    const latestToday = new Date(this.now().getTime() + 14 * 3600_000).toISOString().slice(0, 10);
    if (assessedOn > latestToday) throw invalid(`${field}: ${assessedOn} is in the future.`, [{ field, message: 'in the future' }]);
    const recorded = place.created_at.slice(0, 10);
    // The day before, for the same reason west of UTC.
    const earliest = new Date(new Date(`${recorded}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
    if (assessedOn < earliest) throw invalid(`${field}: ${assessedOn} is before the place was recorded (${recorded}).`, [{ field, message: `before the place’s record (${recorded})` }]);
  }

  private async placeRow(id: string): Promise<PlaceRow> {
    const place = await this.places.findPlace(id);
    if (!place) throw notFound('No such heritage place.');
    return place;
  }

  /** The organisation named by slug (400 if unknown); a registrar's museum place defaults to their museum, an edit keeps the current one. */
  private async responsibleOrganisation(principal: Principal, input: PlaceInput, current: number | null = null): Promise<{ id: number } | null> {
    if (input.organisation === undefined) {
      if (current !== null) return { id: current };
      return principal.role === 'registrar' ? { id: principal.organisationId } : null;
    }
    const organisation = await this.places.organisationBySlug(input.organisation);
    if (!organisation) throw invalid(`organisation: no organisation has the slug ${input.organisation}.`, [{ field: 'organisation', message: 'unknown organisation' }]);
    return organisation;
  }

  private columns(input: PlaceInput, organisationId: number | null, principal: Principal, at: string): PlaceChanges {
    const issues = geometryIssues(input.geometry);
    if (issues.length > 0) throw invalid(`The geometry is invalid: ${issues.map((issue) => `${issue.field}: ${issue.message}`).join(' ')}`, issues);
    const geometry = input.geometry as PlaceGeometry;
    const box = boundingBox(geometry);
    const region = generalisedRegion(box);
    const period = input.period && Object.keys(input.period).length > 0 ? input.period : null;
    return {
      names: JSON.stringify(input.names),
      kind: input.kind,
      geometry: JSON.stringify({ type: geometry.type, coordinates: geometry.coordinates }),
      location_certainty: input.locationCertainty,
      country: input.country,
      period: period ? JSON.stringify(period) : null,
      earliest_year: period?.earliestYear ?? null,
      latest_year: period?.latestYear ?? null,
      cultural_affiliation: input.culturalAffiliation ?? null,
      organisation_id: organisationId,
      description: input.description || null,
      sensitive: (input.sensitive ?? input.kind === 'archaeological-site') ? 1 : 0,
      protection: input.protection,
      min_lon: box.minLon,
      min_lat: box.minLat,
      max_lon: box.maxLon,
      max_lat: box.maxLat,
      region_west: region.west,
      region_south: region.south,
      region_east: region.east,
      region_north: region.north,
      updated_at: at,
      updated_by: userOf(principal),
    };
  }

  private async views(principal: Principal | null, rows: PlaceWithLatest[]): Promise<PlaceView[]> {
    const latest = rows.flatMap((row) => (row.latest ? [row.latest] : []));
    const photos = await this.places.photosOf(latest.map((row) => row.id));
    return rows.map(({ place, latest: assessment }) => {
      const exact = seesExactPosition(principal, place);
      const geometry = JSON.parse(place.geometry) as PlaceGeometry;
      return {
        id: place.id,
        names: JSON.parse(place.names) as Record<string, string>,
        kind: place.kind as PlaceView['kind'],
        country: place.country,
        locationCertainty: place.location_certainty as PlaceView['locationCertainty'],
        period: place.period ? (JSON.parse(place.period) as PlaceView['period']) : null,
        culturalAffiliation: place.cultural_affiliation,
        organisation: place.organisation_slug ? { slug: place.organisation_slug, name: place.organisation_name! } : null,
        description: place.description,
        sensitive: place.sensitive === 1,
        ...(exact ? { protection: place.protection as Protection } : {}),
        position: exact ? 'exact' : 'generalised',
        ...(exact ? { geometry, bbox: { minLon: place.min_lon, minLat: place.min_lat, maxLon: place.max_lon, maxLat: place.max_lat } } : {}),
        region: { west: place.region_west, south: place.region_south, east: place.region_east, north: place.region_north },
        latestAssessment: assessment ? assessmentView(principal, place, assessment, photos) : null,
        canEdit: canEditPlace(principal, place),
        version: place.version,
        createdAt: place.created_at,
        updatedAt: place.updated_at,
      };
    });
  }

  private async assessmentViews(principal: Principal | null, place: PlaceRow, rows: AssessmentRow[]): Promise<AssessmentView[]> {
    const photos = await this.places.photosOf(rows.map((row) => row.id));
    return rows.map((row) => assessmentView(principal, place, row, photos));
  }
}

function assessmentView(principal: Principal | null, place: PlaceRow, row: AssessmentRow, photos: AssessmentPhotoRow[]): AssessmentView {
  const exact = seesExactPosition(principal, place);
  return {
    id: row.id,
    placeId: row.place_id,
    assessedOn: row.assessed_on,
    phase: row.phase as AssessmentView['phase'],
    condition: row.condition as AssessmentView['condition'],
    damageExtent: row.damage_extent as AssessmentView['damageExtent'],
    threats: JSON.parse(row.threats) as Threat[],
    // Free text may say where to dig: as guarded as the position.
    ...(exact ? { recommendation: row.recommendation, ...(row.notes ? { notes: row.notes } : {}) } : {}),
    priority: row.priority as AssessmentView['priority'],
    signed: { ...(principal ? { by: row.assessor_name } : {}), organisation: row.organisation_name, at: row.created_at },
    placeVersion: row.place_version,
    photos: photos
      .filter((photo) => photo.assessment_id === row.id && photoVisible(principal, place, photo))
      .map((photo) => ({
        id: photo.id,
        url: assessmentPhotoPath(photo.id),
        thumbnailUrl: assessmentPhotoPath(photo.id, 'thumbnail'),
        ...(exact ? { position: photo.latitude === null || photo.longitude === null ? null : { lat: photo.latitude, lon: photo.longitude } } : {}),
      })),
  };
}

/** A sensitive place's photo taken with a position is withheld from those who may not see the position: the view itself may give the site away. */
function photoVisible(principal: Principal | null, place: PlaceRow, photo: Pick<AssessmentPhotoRow, 'latitude'>): boolean {
  return seesExactPosition(principal, place) || photo.latitude === null;
}

/** What the audit trail keeps of a place written: enough to tell the change, never its position. */
function placeDetails(input: PlaceInput, version: number): Record<string, unknown> {
  return { kind: input.kind, country: input.country, sensitive: input.sensitive ?? null, protection: input.protection, version };
}

/** A token's service user is a user too; the indexer-like principals with id 0 are no one. */
const userOf = (principal: Principal) => (principal.userId > 0 ? principal.userId : null);

const forbidden = (principal: Principal) => new DomainError('forbidden', `Heritage places are recorded by heritage assessors, admins, and registrars for their museum; your role is ${principal.role}.`);
const forbiddenPlace = () => new DomainError('forbidden', 'You may not change this place: heritage assessors and admins may, and a museum’s registrars for their museum.');

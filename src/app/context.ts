import { join } from 'node:path';
import { sql } from 'kysely';
import { AccountService } from '../accounts/account.service.js';
import { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Principal } from '../roles.js';
import { UserRepository } from '../accounts/user.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditTrail } from '../audit/audit.service.js';
import { loadAuditSettings } from '../audit/audit-settings.js';
import { CredentialRepository } from '../accounts/credential.repository.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { TwoFactorRepository } from '../auth/two-factor.repository.js';
import { TwoFactorService } from '../auth/two-factor.service.js';
import type { EgideConfig } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { BulkWrites } from '../db/bulk-writes.js';
import { openDatabase, type Db, type DialectName } from '../db/database.js';
import { withBulkWrites as postgresBulkWrites } from '../db/postgres/bulk-writes.js';
import { createSearchStore, searchIndexOf } from '../db/search-stores.js';
import { SqliteAuditAppender } from '../db/sqlite/audit-appender.js';
import { withBulkWrites as sqliteBulkWrites } from '../db/sqlite/bulk-writes.js';
import { unitOfWork, type UnitOfWork } from '../db/unit-of-work.js';
import { openSharedState, type SharedState } from './shared-state.js';
import { DomainError } from '../errors.js';
import { DescribePool } from '../identify/describe-pool.js';
import { DEFAULT_ENGINE_SETTINGS, IdentificationEngine } from '../identify/identification-engine.js';
import { IdentificationAdmission } from '../identify/identification-admission.js';
import { IdentificationRepository } from '../identify/identification.repository.js';
import { IdentifyRepository } from '../identify/identify.repository.js';
import { IdentifyService } from '../identify/identify.service.js';
import { EvaluationRepository } from '../identify/evaluation/evaluation.repository.js';
import { EvaluationService } from '../identify/evaluation/evaluation.service.js';
import { IndexingQueue } from '../identify/indexing-queue.js';
import { OrbExtractor } from '../identify/orb-extractor.js';
import { ReferenceIndex } from '../identify/reference-index.js';
import { shippedVocabulary } from '../identify/shipped-vocabulary.js';
import { SightingService } from '../identify/sightings.service.js';
import { DiskCache } from '../interop/iiif/disk-cache.js';
import { ExportRepository } from '../interop/export.repository.js';
import { HarvestStateRepository } from '../interop/oai-pmh/harvest-state.repository.js';
import { IiifImageService } from '../interop/iiif/image.service.js';
import { PartnerRepository } from '../network/partner.repository.js';
import { PartnerService } from '../network/partner.service.js';
import { NotificationRepository } from '../notifications/notifications.repository.js';
import { NotificationService } from '../notifications/notifications.service.js';
import { ObjectRepository } from '../registry/object.repository.js';
import { ObjectService } from '../registry/object.service.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';
import { openPhotoStores, type PhotoStores } from '../registry/photos/photo-stores.js';
import { PhotoRepository } from '../registry/photos/photo.repository.js';
import { PhotoService } from '../registry/photos/photo.service.js';
import { DEFAULT_LIMITS, type SearchLimits } from '../db/search-store.js';
import { SearchService } from '../registry/search/search.service.js';
import { RedListImageFiles } from '../redlists/red-list-images.js';
import { RedListRepository } from '../redlists/red-list.repository.js';
import { RedListService } from '../redlists/red-list.service.js';
import { CustomsCheckRepository } from '../redlists/customs/customs-check.repository.js';
import { CustomsCheckService } from '../redlists/customs/customs-check.service.js';
import { DueDiligenceRepository } from '../duediligence/due-diligence.repository.js';
import { DueDiligenceService } from '../duediligence/due-diligence.service.js';
import { RedListSearch } from '../redlists/red-list-search.js';
import { RedListBookletService } from '../redlists/red-list-booklet.service.js';
import { EvacuationPlanRepository } from '../emergencies/plans/evacuation-plan.repository.js';
import { EvacuationPlanService } from '../emergencies/plans/evacuation-plan.service.js';
import { AssessmentPhotoFiles } from '../emergencies/places/assessment-photos.js';
import { HeritagePlaceRepository } from '../emergencies/places/heritage-place.repository.js';
import { HeritagePlaceService } from '../emergencies/places/heritage-place.service.js';
import { EmergencyRepository } from '../emergencies/emergency.repository.js';
import { EmergencyService } from '../emergencies/emergency.service.js';
import { NoStrikeExportService } from '../emergencies/no-strike-export.service.js';
import { PlacesImportService } from '../emergencies/places-import.service.js';
import { SigningKeyRepository } from '../signing/signing-key.repository.js';
import { SigningService } from '../signing/signing.service.js';
import { ObservatoryRepository } from '../observatory/observatory.repository.js';
import { ObservatoryService } from '../observatory/observatory.service.js';
import { ExternalDatasetRepository } from '../observatory/external-datasets.repository.js';
import { ExternalDatasetService } from '../observatory/external-datasets.service.js';
import { ObservatoryReportService } from '../observatory/observatory-report.service.js';
import { LibraryRepository } from '../observatory/library.repository.js';
import { LibraryService } from '../observatory/library.service.js';
import { createAlerts, type Alerts } from '../alerts/alerts.js';
import { alertStorage } from '../alerts/alert-storage.repository.js';
import { WebhookChannel } from '../alerts/channels/webhook-channel.js';
import { WebhookUrlPolicy } from '../alerts/webhooks/url-policy.js';
import { WebhookDelivery } from '../alerts/webhooks/webhook-delivery.js';
import { WebhookPoster } from '../alerts/webhooks/webhook-http.js';
import { WebhookRepository } from '../alerts/webhooks/webhook.repository.js';
import { WebhookService } from '../alerts/webhooks/webhook.service.js';
import { webhookPauseNotices } from '../alerts/webhooks/webhook-pause-notices.js';
import { AlertFeedService } from '../alerts/feeds/alert-feed.service.js';
import { WatchIndex } from '../alerts/watch/watch-index.js';
import { WatchedPhotos } from '../alerts/watch/watched-photos.js';
import { WatchedPhotosRepository } from '../alerts/watch/watched-photos.repository.js';
import { ImageWatchListener } from '../alerts/watch/image-watch.listener.js';
import { ImageWatchService } from '../alerts/watch/image-watch.service.js';
import { SubscriptionRepository } from '../alerts/subscriptions/subscription.repository.js';
import { CertificateRepository } from '../duediligence/certificates/certificate.repository.js';
import { CertificateService } from '../duediligence/certificates/certificate.service.js';
import { CertificateWatch } from '../duediligence/certificates/certificate-watch.js';

/** The repositories a unit of work hands its work, bound to its transaction. */
export interface Repositories {
  objects: ObjectRepository;
  organisations: OrganisationRepository;
  partners: PartnerRepository;
  photos: PhotoRepository;
  identifications: IdentificationRepository;
  redLists: RedListRepository;
}

/** The composition root: every repository and service, wired once per process. */
export interface AppContext {
  config: EgideConfig;
  logger: Logger;
  db: Db;
  /** The repositories on the database, for commands and tests (services and pages never reach past the services). */
  repositories: Repositories;
  /** One write transaction through the repositories (tests and commands that write several tables together). */
  transact: UnitOfWork<Repositories>;
  /** Answers once the database does (the health check). */
  pingDatabase(): Promise<void>;
  /** Reads for exports (files, OAI-PMH). */
  exports: ExportRepository;
  /** Where each OAI-PMH harvest stands, so that an interrupted one resumes. */
  harvestStates: HarvestStateRepository;
  /** A search service bounded by other limits than the defaults (tests of the approximate plans, benchmarks). */
  searchWithLimits(limits: Partial<SearchLimits>): SearchService;
  organisations: OrganisationRepository;
  accounts: AccountService;
  partners: PartnerService;
  objects: ObjectService;
  objectRepository: ObjectRepository;
  photos: PhotoService;
  iiif: IiifImageService;
  search: SearchService;
  loginThrottle: LoginThrottle;
  identify: IdentifyService;
  /** The registry's indexed photos in memory; loaded on first use (`refresh()` loads it ahead). */
  identifyIndex: ReferenceIndex;
  identifyRepository: IdentifyRepository;
  /** Accuracy reports of identification (`egide identify evaluate`, /{lang}/identify/accuracy). */
  identifyEvaluations: EvaluationService;
  /** Indexes queued photos; the server runs it in the background (`start()`), the CLI drains it. */
  indexingQueue: IndexingQueue;
  sightings: SightingService;
  notifications: NotificationService;
  /** Who saw what: the append-only, hash-chained audit trail. */
  audit: AuditTrail;
  /** Two-factor sign-in: TOTP, recovery codes, sign-ins waiting for their second factor. */
  twoFactor: TwoFactorService;
  /** What this process tells the others serving the database after a commit (and hears from them). */
  changes: ChangeFeed;
  /** Red Lists: published editions (kept in memory), drafts, images, import and export. */
  redLists: RedListService;
  /** Search across the published Red Lists' categories: an in-memory index, rebuilt when a list changes. */
  redListSearch: RedListSearch;
  /** The printable booklets (PDF) of published editions, drawn once per edition and language. */
  redListBooklets: RedListBookletService;
  /** Customs checks: photos identified, facts read against the published Red Lists, the officer's decision. */
  customsChecks: CustomsCheckService;
  /** Due-diligence checks of lots and catalogues (the server screens them in the background, `start()`): made with identification, on first use. */
  dueDiligence: DueDiligenceService;
  /** Museum emergency plans: evacuation priorities and locations, movements, the evacuation list. */
  evacuationPlans: EvacuationPlanService;
  /** Heritage places at risk and their assessments (positions of sensitive places withheld from the public). */
  heritagePlaces: HeritagePlaceService;
  /** Their repository, for emergencies (places inside an area, with their latest assessment) and imports. */
  heritagePlaceRepository: HeritagePlaceRepository;
  /** Emergencies: what is inside, their dashboards, and the heightened watch of their museums' objects. */
  emergencies: EmergencyService;
  /** No-strike lists, signed and kept as exported. */
  noStrikeExports: NoStrikeExportService;
  /** The network's Ed25519 signing key (made on first use, in the database) and its public keys. */
  signing: SigningService;
  /** Heritage places from CSV or GeoJSON, through the places' own rules. */
  placesImport: PlacesImportService;
  /** The observatory's figures: charts from the incidents, recoveries and sightings held in memory, published with privacy for the public. */
  observatory: ObservatoryService;
  /** Figures published by others (police surveys, specialised units), shown beside the observatory's own, never summed with them. */
  externalDatasets: ExternalDatasetService;
  /** The observatory's yearly reports (PDF) on the web, drawn once per year, language and version of the figures. */
  observatoryReports: ObservatoryReportService;
  /** The observatory's resource library: documents, laws (with the Red Lists'), case studies, news. */
  library: LibraryService;
  /** Alerts: the dispatcher of new alerts, the outbox and its channels, subscriptions (the server runs them in the background, `start()`). */
  alerts: Alerts;
  /** Webhook endpoints of organisations (URLs checked against the address policy, secrets sealed), their log and test deliveries. */
  webhooks: WebhookService;
  /** Atom feeds of the public alert list, whole or per public search. */
  alertFeeds: AlertFeedService;
  /** Photos watched for in every new alert's photos (image watches, certified lots): made with identification, on first use. */
  watchedPhotos: WatchedPhotos;
  /** Image watches: subscriptions of kind `image-watch` and the stock photos each watches for. */
  imageWatches: ImageWatchService;
  /** Due-diligence certificates: issued signed for lots without a match, verified, revoked when a later alert matches a watched lot. */
  certificates: CertificateService;
  close(): Promise<void>;
}

/** The indexer reads every registry photo, whoever may see it: it asks as an admin would, for no one. */
const INDEXER: Principal = { userId: 0, displayName: 'indexer', role: 'admin', organisationId: 0, organisationSlug: '', via: 'token' };

/** The display image of a photo (re-derived if lost), or undefined if the photo was deleted. */
function photoForIndexing(photos: PhotoService) {
  return async (photoId: string): Promise<Buffer | undefined> => {
    try {
      return await (await photos.readPhoto(INDEXER, photoId, 'display')).bytes();
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  };
}

/** How each engine sets up a connection for an import; the one place that chooses by engine, with search-stores.ts for search. */
const BULK_WRITES: Record<DialectName, BulkWrites> = { sqlite: sqliteBulkWrites, postgres: postgresBulkWrites };

/** The repositories on `db` (the database, or one transaction of a unit of work), with the engine's search index and bulk settings. */
function repositoriesOn(db: Db, dialect: DialectName): Repositories {
  return {
    objects: new ObjectRepository(db, { searchIndex: searchIndexOf(db, dialect), bulkWrites: BULK_WRITES[dialect] }),
    organisations: new OrganisationRepository(db),
    partners: new PartnerRepository(db),
    photos: new PhotoRepository(db),
    identifications: new IdentificationRepository(db),
    redLists: new RedListRepository(db),
  };
}

/** The IIIF pyramids and rendered images: re-made on demand, so bounded (least recently used go first). */
const IIIF_CACHE_BYTES = 2 * 1024 ** 3;
/** Red List booklets (tens of MB with their photos): drawn again on demand, so bounded too. */
const BOOKLET_CACHE_BYTES = 1024 ** 3;
/** Yearly reports: about 1 MB each (a demo year: 0.3 MB), a few years × 3 languages × recent versions. */
const REPORT_CACHE_BYTES = 256 * 1024 ** 2;

export async function createAppContext(config: EgideConfig, logger: Logger, options: { memory?: boolean } = {}): Promise<AppContext> {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : options.memory ? { memory: true } : { dataDir: config.dataDir });
  const { db, dialect } = handle;
  const repositories = repositoriesOn(db, dialect);
  const transact = unitOfWork(db, (trx) => repositoriesOn(trx, dialect));
  const shared = await openSharedState(handle, config.databaseUrl, logger);
  const { organisations, objects: objectRepository } = repositories;
  const partners = new PartnerService(transact, repositories.partners);
  partners.followChanges(shared.changes);
  if (await partners.seedOnFirstStart()) logger.info('partner network loaded', { partners: (await partners.list()).length });
  const stores = openPhotoStores(config.photoStorage);
  const photos = new PhotoService(transact, repositories.photos, objectRepository, new PhotoStorage(stores.photos));
  const auditEntries = new AuditRepository(db, handle.sqliteConnection && new SqliteAuditAppender(handle.sqliteConnection));
  const audit = new AuditTrail(auditEntries, loadAuditSettings());
  const redLists = new RedListService(transact, repositories.redLists, new RedListImageFiles(stores.photos), audit);
  redLists.followChanges(shared.changes);
  const users = new UserRepository(db);
  const credentials = new CredentialRepository(db);
  const emergencyRepository = new EmergencyRepository(db);
  const emergencies = new EmergencyService(emergencyRepository, new EvacuationPlanRepository(db), audit);
  // The emergencies watch the registry's incident reports (the registry never imports them).
  const objects = new ObjectService(transact, objectRepository, organisations, audit, undefined, emergencies);
  const signing = new SigningService(new SigningKeyRepository(db));
  const identifyRepository = new IdentifyRepository(db);
  const heritagePlaceRepository = new HeritagePlaceRepository(db);
  const heritagePlaces = new HeritagePlaceService(heritagePlaceRepository, new AssessmentPhotoFiles(stores.photos), audit);
  // The engine (with its 2 MB vocabulary), the index and the describe pool are made on first use:
  // most commands (an import, an export…) never identify.
  let identification: ReturnType<typeof identificationParts> | undefined;
  const parts = () => (identification ??= identificationParts({ config, logger, transact, identifyRepository, objects, objectRepository, photos, audit }, repositories.identifications, stores, shared));
  // Made with identification, on first use.
  const webhookRepository = new WebhookRepository(db);
  const webhookPolicy = new WebhookUrlPolicy(config.webhooks);
  const webhookPoster = new WebhookPoster();
  const webhookDelivery = new WebhookDelivery(webhookRepository, webhookPolicy, webhookPoster, config.webhooks.secretKey);
  const webhooks = new WebhookService(webhookRepository, webhookPolicy, webhookDelivery);
  const alerts = createAlerts({
    storage: alertStorage(db),
    mail: config.alertMail,
    baseUrl: config.baseUrl ?? `http://localhost:${config.port}`,
    findVisible: (objectId, principal) => objectRepository.findVisible(objectId, principal),
    logger,
    ownsWebhook: (principal, webhookId) => webhooks.isUsableBy(principal, webhookId),
  });
  // A webhook paused for its failures is told to its owner: in the app, and by e-mail when they have an address (and e-mail is set up).
  const subscribers = new SubscriptionRepository(db);
  const pauseNotices = webhookPauseNotices({
    enqueue: (items) => alerts.outbox.enqueue(items),
    email: async (userId) => (config.alertMail.smtpUrl ? (await subscribers.recipient(userId))?.email : undefined),
    language: (userId) => subscribers.latestLanguage(userId),
  });
  alerts.outbox.registerChannel(new WebhookChannel({ webhooks: webhookRepository, delivery: webhookDelivery, pauseAfter: config.webhooks.pauseAfter, notices: pauseNotices }));
  let customsChecks: CustomsCheckService | undefined;
  let alertFeeds: AlertFeedService | undefined;
  let dueDiligence: DueDiligenceService | undefined;
  let observatoryReports: ObservatoryReportService | undefined;
  let watchedPhotos: WatchedPhotos | undefined;
  const watched = () => (watchedPhotos ??= watchedPhotosOf(db, parts(), photos));
  let imageWatches: ImageWatchService | undefined;
  // Each new published alert's photos searched among the watched stock photos (identification is made at the first alert).
  alerts.dispatcher.registerListener(
    new ImageWatchListener({
      watched: { matchObject: (objectId, kind) => watched().matchObject(objectId, kind), remove: (owner, id) => watched().remove(owner, id) },
      subscriptions: subscribers,
      outbox: alerts.outbox,
    }),
  );
  const certificates = new CertificateService({
    certificates: new CertificateRepository(db),
    signing,
    // A certified lot's photos (stored with its check) join the image watch, as a certificate's.
    photoWatch: {
      watch: async (certificateId, lot) => {
        const files = [];
        for (const photo of lot.photos) {
          const bytes = await stores.photos.get(photo.key);
          if (bytes) files.push({ source: bytes, label: photo.name });
        }
        if (files.length > 0) await watched().register({ kind: 'certificate', ownerId: certificateId }, files);
      },
      unwatch: async (certificateId) => void (await watched().remove({ kind: 'certificate', ownerId: certificateId })),
    },
    outbox: alerts.outbox,
    audit,
  });
  // Continuous due diligence: each new alert compared with the watched lots, by text and by photo.
  alerts.dispatcher.registerListener(
    new CertificateWatch({
      certificates,
      holder: (userId) => users.findPrincipal(userId, 'session'),
      object: (principal, objectId) => objects.get(principal, objectId),
      photoHits: (objectId) => watched().matchObject(objectId, 'certificate'),
    }),
  );
  let identifyEvaluations: EvaluationService | undefined;
  return {
    config,
    logger,
    db,
    repositories,
    transact,
    pingDatabase: async () => {
      await sql`select 1`.execute(db);
    },
    exports: new ExportRepository(db),
    harvestStates: new HarvestStateRepository(db),
    searchWithLimits: (limits) => new SearchService(createSearchStore(db, { ...DEFAULT_LIMITS, ...limits }, dialect)),
    organisations,
    accounts: new AccountService(organisations, users, credentials, audit),
    partners,
    objects,
    objectRepository,
    photos,
    iiif: new IiifImageService(photos, new DiskCache(join(config.dataDir, 'iiif-cache'), IIIF_CACHE_BYTES, logger), logger),
    search: new SearchService(createSearchStore(db, DEFAULT_LIMITS, dialect), audit),
    loginThrottle: new LoginThrottle(shared.counters),
    get identify() {
      return parts().identify;
    },
    get identifyIndex() {
      return parts().identifyIndex;
    },
    get identifyEvaluations() {
      const { identify, identifyIndex } = parts();
      return (identifyEvaluations ??= new EvaluationService({ repository: new EvaluationRepository(db), identify, readPhoto: photoForIndexing(photos), settings: identifyIndex.engine.settings }));
    },
    identifyRepository,
    get indexingQueue() {
      return parts().indexingQueue;
    },
    get sightings() {
      return parts().sightings;
    },
    notifications: new NotificationService(new NotificationRepository(db)),
    audit,
    twoFactor: new TwoFactorService(new TwoFactorRepository(db), users, credentials, audit, config.twoFactorRoles, shared.counters),
    changes: shared.changes,
    redLists,
    redListSearch: new RedListSearch(redLists),
    redListBooklets: new RedListBookletService(redLists, new DiskCache(join(config.dataDir, 'red-list-booklets'), BOOKLET_CACHE_BYTES, logger)),
    get customsChecks() {
      return (customsChecks ??= new CustomsCheckService({ checks: new CustomsCheckRepository(db), identify: parts().identify, lists: redLists, audit }));
    },
    get dueDiligence() {
      // `this`: the context being made (its search service), as for observatoryReports.
      const search = (this as AppContext).search;
      return (dueDiligence ??= new DueDiligenceService({ checks: new DueDiligenceRepository(db), search, objects, identify: parts().identify, lists: redLists, files: stores.photos, audit, principalOf: (userId, via) => users.findPrincipal(userId, via), logger }));
    },
    evacuationPlans: new EvacuationPlanService(
      unitOfWork(db, (trx) => ({ plans: new EvacuationPlanRepository(trx), objects: repositoriesOn(trx, dialect).objects })),
      new EvacuationPlanRepository(db),
      objectRepository,
      organisations,
      async (principal, photoId) => (await photos.readPhoto(principal, photoId, 'thumbnail')).bytes(),
      audit,
    ),
    emergencies,
    noStrikeExports: new NoStrikeExportService(emergencies, emergencyRepository, signing),
    placesImport: new PlacesImportService(heritagePlaces),
    signing,
    heritagePlaces,
    heritagePlaceRepository,
    observatory: new ObservatoryService(new ObservatoryRepository(db)),
    externalDatasets: new ExternalDatasetService(new ExternalDatasetRepository(db), audit),
    get observatoryReports() {
      // `this`: the context being made (its observatory and external datasets), typed loosely inside the async function's literal.
      return (observatoryReports ??= new ObservatoryReportService(this as AppContext, new DiskCache(join(config.dataDir, 'observatory-reports'), REPORT_CACHE_BYTES, logger)));
    },
    library: new LibraryService(new LibraryRepository(db), { objects, organisationId: async (slug) => (await organisations.findBySlug(slug))?.id, redLists, audit }),
    alerts,
    webhooks,
    get alertFeeds() {
      // `this`: the context being made (its search service), as for observatoryReports.
      return (alertFeeds ??= new AlertFeedService((this as AppContext).search, objects, photos));
    },
    get watchedPhotos() {
      return watched();
    },
    get imageWatches() {
      return (imageWatches ??= new ImageWatchService(alerts.subscriptions, watched()));
    },
    certificates,
    close: async () => {
      await alerts.stop();
      webhookPoster.close();
      await identification?.describer.close();
      await shared.changes.close();
      await handle.close();
    },
  };
}

/** Watched photos: their own index (the engine's classes, extractor and vocabulary), described on the identification's workers. */
function watchedPhotosOf(db: Db, identification: ReturnType<typeof identificationParts>, photos: PhotoService): WatchedPhotos {
  const { engine } = identification.identifyIndex;
  const repository = new WatchedPhotosRepository(db);
  const index = new WatchIndex(repository, new IdentificationEngine(engine.extractor, engine.vocabulary, engine.settings));
  return new WatchedPhotos({ repository, index, describer: identification.describer, readRegistryPhoto: photoForIndexing(photos) });
}

/** Identification: the engine, the index of the registry's photos, the describe pool and the services using them. */
function identificationParts(
  made: Pick<AppContext, 'config' | 'logger' | 'transact' | 'identifyRepository' | 'objects' | 'objectRepository' | 'photos' | 'audit'>,
  identifications: IdentificationRepository,
  stores: PhotoStores,
  shared: SharedState,
) {
  const { config, logger, transact, identifyRepository, objects, objectRepository, photos, audit } = made;
  // The workers that describe photos also verify a query's candidates.
  const describer = new DescribePool(DEFAULT_ENGINE_SETTINGS);
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary(), DEFAULT_ENGINE_SETTINGS, (query, references) => describer.verify(query, references));
  const identifyIndex = new ReferenceIndex(identifyRepository, engine);
  // Photos another process indexed are loaded ahead of the next search.
  const followIndex = () => void identifyIndex.refreshIfLoaded().catch((error: unknown) => logger.warn('identification index not refreshed', { error }));
  shared.changes.subscribe('identify-index', followIndex);
  const identify = new IdentifyService({
    describer,
    index: identifyIndex,
    references: identifyRepository,
    identifications,
    objects,
    photos,
    storage: new PhotoStorage(stores.identifications),
    admission: new IdentificationAdmission(config.identification, shared.counters),
    anonymousRetentionDays: config.identification.anonymousRetentionDays,
    audit,
  });
  return {
    describer,
    identify,
    identifyIndex,
    indexingQueue: new IndexingQueue({
      repository: identifyRepository,
      claims: shared.jobClaims,
      describer,
      extractor: engine.extractor.name,
      readPhoto: photoForIndexing(photos),
      changes: shared.changes,
      logger,
    }),
    sightings: new SightingService(transact, identify, identifications, objectRepository),
  };
}

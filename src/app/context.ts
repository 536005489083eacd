import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AccountService } from '../accounts/account.service.js';
import { OrganisationRepository } from '../accounts/organisation.repository.js';
import type { Principal } from '../accounts/roles.js';
import { UserRepository } from '../accounts/user.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { AuditTrail } from '../audit/audit.service.js';
import { loadAuditSettings } from '../audit/audit-settings.js';
import { CredentialRepository } from '../auth/credential.repository.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { TwoFactorRepository } from '../auth/two-factor.repository.js';
import { TwoFactorService } from '../auth/two-factor.service.js';
import type { EgideConfig } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { openDatabase, type Db } from '../db/database.js';
import { DomainError } from '../errors.js';
import { DescribePool } from '../identify/describe-pool.js';
import { IdentificationEngine } from '../identify/identification-engine.js';
import { IdentificationAdmission } from '../identify/identification-admission.js';
import { IdentificationRepository } from '../identify/identification.repository.js';
import { IdentifyRepository } from '../identify/identify.repository.js';
import { IdentifyService } from '../identify/identify.service.js';
import { IndexingQueue } from '../identify/indexing-queue.js';
import { OrbExtractor } from '../identify/orb-extractor.js';
import { ReferenceIndex } from '../identify/reference-index.js';
import { shippedVocabulary } from '../identify/shipped-vocabulary.js';
import { SightingService } from '../identify/sightings.service.js';
import { DiskCache } from '../interop/iiif/disk-cache.js';
import { IiifImageService } from '../interop/iiif/image.service.js';
import { PartnerRepository } from '../network/partner.repository.js';
import { PartnerService } from '../network/partner.service.js';
import { NotificationRepository } from '../notifications/notifications.repository.js';
import { NotificationService } from '../notifications/notifications.service.js';
import { ObjectRepository } from '../registry/object.repository.js';
import { ObjectService } from '../registry/object.service.js';
import { PhotoStorage } from '../registry/photos/photo-storage.js';
import { PhotoRepository } from '../registry/photos/photo.repository.js';
import { PhotoService } from '../registry/photos/photo.service.js';
import { SearchService } from '../registry/search/search.service.js';

/** The composition root: every repository and service, wired once per process. */
export interface AppContext {
  config: EgideConfig;
  logger: Logger;
  db: Db;
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
  /** Indexes queued photos; the server runs it in the background (`start()`), the CLI drains it. */
  indexingQueue: IndexingQueue;
  sightings: SightingService;
  notifications: NotificationService;
  /** Who saw what: the append-only, hash-chained audit trail. */
  audit: AuditTrail;
  /** Two-factor sign-in: TOTP, recovery codes, sign-ins waiting for their second factor. */
  twoFactor: TwoFactorService;
  close(): Promise<void>;
}

/** The indexer reads every registry photo, whoever may see it: it asks as an admin would, for no one. */
const INDEXER: Principal = { userId: 0, displayName: 'indexer', role: 'admin', organisationId: 0, organisationSlug: '', via: 'token' };

/** The display image of a photo (re-derived if lost), or undefined if the photo was deleted. */
function photoForIndexing(photos: PhotoService) {
  return async (photoId: string): Promise<Buffer | undefined> => {
    try {
      return await readFile((await photos.readPhoto(INDEXER, photoId, 'display')).path);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') return undefined;
      throw error;
    }
  };
}

/** The IIIF pyramids and rendered images: re-made on demand, so bounded (least recently used go first). */
const IIIF_CACHE_BYTES = 2 * 1024 ** 3;

export async function createAppContext(config: EgideConfig, logger: Logger, options: { memory?: boolean } = {}): Promise<AppContext> {
  const handle = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : options.memory ? { memory: true } : { dataDir: config.dataDir });
  const { db } = handle;
  const organisations = new OrganisationRepository(db);
  const partners = new PartnerService(db, new PartnerRepository(db), organisations);
  if (await partners.seedOnFirstStart()) logger.info('partner network loaded', { partners: (await partners.list()).length });
  const objectRepository = new ObjectRepository(db);
  const photos = new PhotoService(db, new PhotoRepository(db), objectRepository, new PhotoStorage(join(config.dataDir, 'photos')));
  const audit = new AuditTrail(db, new AuditRepository(db), loadAuditSettings());
  const users = new UserRepository(db);
  const credentials = new CredentialRepository(db);
  const objects = new ObjectService(db, objectRepository, organisations, audit);
  const identifyRepository = new IdentifyRepository(db);
  // The engine (with its 2 MB vocabulary), the index and the describe pool are made on first use:
  // most commands (an import, an export…) never identify.
  let identification: ReturnType<typeof identificationParts> | undefined;
  const parts = () => (identification ??= identificationParts({ config, logger, db, identifyRepository, objects, objectRepository, photos, audit }));
  return {
    config,
    logger,
    db,
    organisations,
    accounts: new AccountService(organisations, users, credentials, audit),
    partners,
    objects,
    objectRepository,
    photos,
    iiif: new IiifImageService(photos, new DiskCache(join(config.dataDir, 'iiif-cache'), IIIF_CACHE_BYTES, logger), logger),
    search: new SearchService(db, {}, audit),
    loginThrottle: new LoginThrottle(),
    get identify() {
      return parts().identify;
    },
    get identifyIndex() {
      return parts().identifyIndex;
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
    twoFactor: new TwoFactorService(new TwoFactorRepository(db), users, credentials, audit, config.twoFactorRoles),
    close: async () => {
      await identification?.describer.close();
      await handle.close();
    },
  };
}

/** Identification: the engine, the index of the registry's photos, the describe pool and the services using them. */
function identificationParts(made: Pick<AppContext, 'config' | 'logger' | 'db' | 'identifyRepository' | 'objects' | 'objectRepository' | 'photos' | 'audit'>) {
  const { config, logger, db, identifyRepository, objects, objectRepository, photos, audit } = made;
  const engine = new IdentificationEngine(new OrbExtractor(), shippedVocabulary());
  const identifyIndex = new ReferenceIndex(identifyRepository, engine);
  const describer = new DescribePool(engine.settings);
  const identifications = new IdentificationRepository(db);
  const identify = new IdentifyService({
    describer,
    index: identifyIndex,
    references: identifyRepository,
    identifications,
    objects,
    photos,
    storage: new PhotoStorage(join(config.dataDir, 'identifications')),
    admission: new IdentificationAdmission(config.identification),
    anonymousRetentionDays: config.identification.anonymousRetentionDays,
    audit,
  });
  return {
    describer,
    identify,
    identifyIndex,
    indexingQueue: new IndexingQueue(identifyRepository, describer, engine.extractor.name, photoForIndexing(photos), logger),
    sightings: new SightingService(db, identify, identifications, objectRepository),
  };
}

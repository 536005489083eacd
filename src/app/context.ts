import { join } from 'node:path';
import { AccountService } from '../accounts/account.service.js';
import { OrganisationRepository } from '../accounts/organisation.repository.js';
import { UserRepository } from '../accounts/user.repository.js';
import { CredentialRepository } from '../auth/credential.repository.js';
import { LoginThrottle } from '../auth/login.pages.js';
import type { EgideConfig } from '../config/config.js';
import type { Logger } from '../config/logger.js';
import { openDatabase, type Db } from '../db/database.js';
import { PartnerRepository } from '../network/partner.repository.js';
import { PartnerService } from '../network/partner.service.js';
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
  search: SearchService;
  loginThrottle: LoginThrottle;
  close(): Promise<void>;
}

export async function createAppContext(config: EgideConfig, logger: Logger, options: { memory?: boolean } = {}): Promise<AppContext> {
  const handle = await openDatabase(options.memory ? { memory: true } : { dataDir: config.dataDir });
  const { db } = handle;
  const organisations = new OrganisationRepository(db);
  const partners = new PartnerService(db, new PartnerRepository(db), organisations);
  if (await partners.seedOnFirstStart()) logger.info('partner network loaded', { partners: (await partners.list()).length });
  const objectRepository = new ObjectRepository(db);
  return {
    config,
    logger,
    db,
    organisations,
    accounts: new AccountService(organisations, new UserRepository(db), new CredentialRepository(db)),
    partners,
    objects: new ObjectService(db, objectRepository, organisations),
    objectRepository,
    photos: new PhotoService(db, new PhotoRepository(db), objectRepository, new PhotoStorage(join(config.dataDir, 'photos'))),
    search: new SearchService(db),
    loginThrottle: new LoginThrottle(),
    close: () => handle.close(),
  };
}

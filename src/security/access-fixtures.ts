/** Targets for the access matrix: objects of one museum in each visibility state, with traceable sensitive texts. */
import type { Principal } from '../roles.js';
import { CreateObjectSchema } from '../registry/object.schemas.js';
import { sampleImages, sampleRedList } from '../redlists/red-list.test-support.js';
import { jpeg } from '../test-support/photo-images.js';
import { registryTokens } from '../test-support/registry.js';
import type { TestApp } from '../test-support/test-app.js';
import type { Caller, TargetState } from './access-rules.js';

/** An id no object or photo has (ids are 16 characters of this alphabet). */
export const ABSENT_ID = 'zzzzzzzzzzzzzzzz';

export interface Target {
  state: TargetState;
  id: string;
  photoId: string;
  /** Texts only those entitled to sensitive fields may ever receive: storage, contacts, address, reporter details. */
  secrets: string[];
}

export interface Cast {
  /** The Authorization header each caller sends (none for the anonymous public). */
  headers: Record<Caller, Record<string, string>>;
  owner: Principal;
  investigator: Principal;
  admin: Principal;
}

export async function castOf(t: TestApp): Promise<Cast> {
  const tokens = await registryTokens(t);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  return {
    headers: {
      anonymous: {},
      'wrong-token': bearer('not-a-token-of-this-registry'),
      owner: bearer(tokens.louvre),
      'other-registrar': bearer(tokens.prado),
      investigator: bearer(tokens.investigator),
      admin: bearer(tokens.admin),
    },
    owner: (await t.context.accounts.principalFromApiToken(tokens.louvre))!,
    investigator: (await t.context.accounts.principalFromApiToken(tokens.investigator))!,
    admin: (await t.context.accounts.principalFromApiToken(tokens.admin))!,
  };
}

let serial = 0;

/**
 * A new object of the owner's museum (the Louvre) in `state`, through the services as a registrar
 * would bring it there: private in the inventory, reported without consent, published on the alert
 * list, or published then recovered. With `photo`, it has one photo.
 */
export async function makeTarget(t: TestApp, owner: Principal, state: TargetState, photo = false): Promise<Target> {
  if (state === 'absent') return { state, id: ABSENT_ID, photoId: ABSENT_ID, secrets: [] };
  const tag = `${state}${++serial}x`;
  const secret = (field: string) => `Qz${tag}${field}`;
  const sensitive = { storageLocation: secret('StorageRoom'), ownerContact: secret('OwnerPhone'), address: secret('StreetAddress') };
  const input = CreateObjectSchema.parse({ description: { inventoryNumber: `MX-${tag}`, title: { en: `Matrixvase ${tag}` } }, sensitive });
  const { objects } = t.context;
  const { id } = await objects.create(owner, input);
  const incident = {
    method: 'theft' as const,
    reporter: secret('ReporterName'),
    reporterContact: secret('ReporterContact'),
    circumstances: secret('Circumstances'),
    policeReportNumber: secret('PoliceReport'),
    place: secret('TheftPlace'),
  };
  if (state !== 'private') await objects.reportIncident(owner, id, { ...incident, publish: state !== 'reported' });
  if (state === 'recovered') await objects.changeStatus(owner, id, 'recovered', 'Returned by the police');
  const photoId = photo ? (await t.context.photos.addPhoto(owner, id, await jpeg(), `${tag}.jpg`)).id : ABSENT_ID;
  return { state, id, photoId, secrets: [...Object.values(sensitive), ...Object.values(incident).filter((v) => v !== 'theft')] };
}

let accountSerial = 0;

/** A new API token of a registrar of the owner's museum; its id. */
export async function makeToken(t: TestApp): Promise<string> {
  const issued = await t.context.accounts.issueApiToken({ organisationSlug: 'louvre', role: 'registrar', label: `matrix ${++accountSerial}`, expiresAt: null, createdBy: null });
  return String(issued.id);
}

/** A new person, a registrar of the owner's museum; their id. */
export async function makePerson(t: TestApp): Promise<string> {
  const person = await t.context.accounts.addPerson({ email: `matrix-${++accountSerial}@example.org`, displayName: 'Matrix', password: 'correct horse battery', organisationSlug: 'louvre', role: 'registrar' });
  return String(person.userId);
}

/** The object's version, read as an admin would, to prove a refused write changed nothing. */
export async function versionOf(t: TestApp, target: Target): Promise<number | null> {
  if (target.state === 'absent') return null;
  const row = await t.context.db.selectFrom('objects').select('version').where('id', '=', target.id).executeTakeFirstOrThrow();
  return row.version;
}

/** A Red List (its slug) or a customs check (its id), with the texts only those who see it may receive. */
export interface Secretive {
  id: string;
  secrets: string[];
}

/** A slug no Red List has. */
export const ABSENT_SLUG = 'matrix-absent-list';

/** The Red Lists of the matrix: one published (with its images), one a draft never published, whose slug and title stay with its editors. */
export async function makeRedLists(t: TestApp, admin: Principal): Promise<{ published: string; draft: Secretive }> {
  const images = await sampleImages();
  const published = 'matrix-published-list';
  await t.context.redLists.importDocument(admin, sampleRedList({ slug: published }), images, { publish: true });
  const draft = 'matrix-draft-list';
  const title = 'QzDraftListTitle';
  await t.context.redLists.importDocument(admin, sampleRedList({ slug: draft, title: { fr: title, en: title, es: title } }), images, { publish: false });
  return { published, draft: { id: draft, secrets: [title] } };
}

let checkSerial = 0;

/** A new customs check by the investigator, with one photo and traceable facts and place. */
export async function makeCheck(t: TestApp, investigator: Principal): Promise<Secretive> {
  const tag = `Check${++checkSerial}x`;
  const secrets = [`Qz${tag}Description`, `Qz${tag}Place`];
  const { check } = await t.context.customsChecks.run(investigator, {
    facts: { objectType: 'tablet', material: 'clay', description: secrets[0]! },
    place: { text: secrets[1]! },
    photos: [{ source: await jpeg(), filename: `${tag}.jpg` }],
  });
  return { id: check.id, secrets };
}

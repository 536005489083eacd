import type { AuditEvent, AuditTrail } from '../audit/audit.service.js';
import type { ChangeFeed } from '../db/change-feed.js';
import type { UnitOfWork } from '../db/unit-of-work.js';
import { conflict, DomainError, invalid, notFound, type FieldIssue } from '../errors.js';
import type { Principal } from '../roles.js';
import { ExampleSchema, type RedListDocument, type Texts } from './red-list-document.js';
import { descriptorBlob, descriptorOf, prepareImage, variantType, type PreparedImage, type RedListImageFiles } from './red-list-images.js';
import type { EditionRef, ImageVariant } from './red-list-paths.js';
import type { EditionRow, RedListRepository } from './red-list.repository.js';
import { assertValid, parseRedListDocument, validateRedList } from './red-list-validation.js';

/** The latest published edition of a list, as the public reads it. */
export interface PublishedRedList {
  slug: string;
  edition: number;
  publishedAt: string;
  document: RedListDocument;
  /** Every published edition's number, newest first. */
  editions: number[];
}

export interface RedListEditionSummary {
  number: number;
  status: 'draft' | 'published';
  version: number;
  updatedAt: string;
  publishedAt: string | null;
}

/** An image an edition names, as stored (without metadata). */
export interface RedListImageInfo {
  name: string;
  sha256: string;
  contentType: string;
  width: number;
  height: number;
  bytes: number;
}

/** The draft an editor writes. */
export interface RedListDraft {
  slug: string;
  edition: number;
  /** Give it back to `saveDraft`: a save over someone else's newer one is refused. */
  version: number;
  updatedAt: string;
  document: RedListDocument;
  images: RedListImageInfo[];
  /** What stands in the way of publishing it (missing translations, images…); empty when it can be published. */
  publishIssues: FieldIssue[];
}

/** A list as its editors see it in their dashboard. */
export interface RedListSummary {
  slug: string;
  title: Texts;
  draft: { edition: number; version: number; updatedAt: string } | null;
  latestPublished: number | null;
}

export interface RedListEditor {
  userId: number;
  email: string | null;
  displayName: string;
  addedAt: string;
}

/** An image of a published edition, described for the customs check's visual similarity. */
export interface ExampleDescriptor {
  slug: string;
  edition: number;
  name: string;
  descriptor: Float32Array;
}

/** An image to send: `published` images never change (cache them for ever), drafts' may. */
export interface RedListImage {
  bytes: Buffer;
  contentType: string;
  sha256: string;
  published: boolean;
}

export interface ImportOptions {
  /** Publish the edition at once (it must then be complete). */
  publish?: boolean;
  /** Replace the list's current draft, if it has one (otherwise an import into a list with a draft is refused). */
  replaceDraft?: boolean;
}

export interface ImportResult {
  slug: string;
  edition: number;
  status: 'draft' | 'published';
  /** Left in the draft (missing translations); an import that publishes has none. */
  warnings: FieldIssue[];
  /** The same edition was already published with the same document and images: nothing was written. */
  unchanged: boolean;
}

/** An edition's document and the images it names, by name (their stored originals). */
export interface ExportedRedList {
  document: RedListDocument;
  images: Map<string, Buffer>;
}

export type RedListRepositories = { redLists: RedListRepository };

/**
 * How often the count of published editions is read again: it catches what another process
 * published (an `egide red-list import` beside a server on SQLite, which no change feed reaches).
 */
const STAMP_CHECK_MS = 2_000;

const forbidden = (message: string) => new DomainError('forbidden', message);
const noList = (slug: string) => notFound(`No Red List "${slug}".`);

/**
 * Red Lists: public reads of published editions (kept in memory), and the editing of drafts by
 * admins of the secretariat (every list) and `red-list-editor` users (the lists they edit; they
 * may create lists). Everyone else reads published editions only; a draft is, to them, as if it did
 * not exist. A published edition never changes: the next one starts as a copy of it.
 */
export class RedListService {
  private cache: { stamp: number; checkedAt: number; lists: Promise<PublishedRedList[]> } | undefined;
  private changes: Pick<ChangeFeed, 'publish'> | undefined;
  private revision = 0;

  constructor(
    private readonly transact: UnitOfWork<RedListRepositories>,
    private readonly redLists: RedListRepository,
    private readonly files: RedListImageFiles,
    private readonly audit: Pick<AuditTrail, 'record'>,
  ) {}

  /** Changes whenever a list does: page caches and the search index compare it. */
  get version(): number {
    return this.revision;
  }

  /** The latest published edition of every list, by slug. */
  async listPublished(): Promise<PublishedRedList[]> {
    const now = Date.now();
    const cached = this.cache;
    if (cached && now - cached.checkedAt < STAMP_CHECK_MS) return cached.lists;
    const stamp = await this.redLists.publishedCount();
    if (cached && cached === this.cache && cached.stamp === stamp) {
      cached.checkedAt = now;
      return cached.lists;
    }
    if (cached) this.revision += 1;
    const lists = this.loadPublished();
    const entry = (this.cache = { stamp, checkedAt: now, lists });
    // A failed load must not be kept.
    lists.catch(() => {
      if (this.cache === entry) this.cache = undefined;
    });
    return lists;
  }

  /** A list's latest published edition, or its published edition `edition`. */
  async getPublished(slug: string, edition?: number): Promise<PublishedRedList> {
    const latest = (await this.listPublished()).find((list) => list.slug === slug);
    if (!latest) throw noList(slug);
    if (edition === undefined || edition === latest.edition) return latest;
    const list = await this.redLists.findList(slug);
    const row = list && (await this.redLists.findEdition(list.id, edition));
    if (!row) throw notFound(`Red List "${slug}" has no published edition ${edition}.`);
    return { slug, edition, publishedAt: row.published_at!, document: documentOf(row), editions: latest.editions };
  }

  /** An image an edition names: a published edition's for anyone, the draft's for its editors. */
  async readImage(principal: Principal | null, slug: string, edition: EditionRef, name: string, variant: ImageVariant): Promise<RedListImage> {
    const list = await this.redLists.findList(slug);
    if (!list) throw noList(slug);
    if (edition === 'draft' && !(await this.mayEdit(principal, list.id))) throw noList(slug);
    const image = await this.redLists.editionImage(list.id, edition, name);
    if (!image) throw notFound(`Red List "${slug}" has no image "${name}" in that edition.`);
    return { bytes: await this.files.read(image, variant), contentType: variantType(image, variant), sha256: image.sha256, published: image.status === 'published' };
  }

  /** The stored descriptors of the images the latest published editions name (those that could not be described are left out). */
  async publishedDescriptors(): Promise<ExampleDescriptor[]> {
    const rows = await this.redLists.latestPublishedDescriptors();
    return rows.flatMap((row) => (row.descriptor ? [{ slug: row.slug, edition: row.number, name: row.name, descriptor: descriptorOf(row.descriptor) }] : []));
  }

  /** Every published edition (newest first) and, for its editors, the draft. */
  async editions(principal: Principal | null, slug: string): Promise<RedListEditionSummary[]> {
    const list = await this.redLists.findList(slug);
    if (!list) throw noList(slug);
    const all = await this.redLists.editions(list.id);
    const seen = (await this.mayEdit(principal, list.id)) ? all : all.filter((edition) => edition.status === 'published');
    if (seen.length === 0) throw noList(slug);
    return seen;
  }

  /** The lists `principal` edits (admins: every list), each with its draft and latest published edition. */
  async listsForEditor(principal: Principal): Promise<RedListSummary[]> {
    this.requireEditorRole(principal);
    const rows = await this.redLists.listSummaries(principal.role === 'admin' ? undefined : principal.userId);
    return rows.map((row) => ({
      slug: row.slug,
      title: (JSON.parse(row.document) as RedListDocument).title,
      draft: row.draft && { edition: row.draft.number, version: row.draft.version, updatedAt: row.draft.updatedAt },
      latestPublished: row.latestPublished,
    }));
  }

  /** A new list with `input` (a document, checked here) as its first draft, numbered as it says; the creator becomes its editor. */
  async createList(principal: Principal, input: unknown): Promise<RedListDraft> {
    this.requireEditorRole(principal);
    const document = parseRedListDocument(input);
    assertValid(validateRedList(document, new Set(), 'draft', { imagesMayFollow: true }), 'The Red List cannot be created.');
    const now = new Date().toISOString();
    await this.transact(async ({ redLists }) => {
      if (await redLists.findList(document.slug)) throw conflict(`A Red List with the slug "${document.slug}" already exists.`);
      const listId = await redLists.createList(document.slug, principal.userId, now);
      await redLists.insertEdition({ listId, number: document.edition.number, document: JSON.stringify(document), userId: principal.userId, now });
      await redLists.addEditor(listId, principal.userId, principal.userId, now);
    });
    this.changed();
    await this.record(principal, 'red-list.create', document.slug, { edition: document.edition.number });
    return this.getDraft(principal, document.slug);
  }

  async getDraft(principal: Principal, slug: string): Promise<RedListDraft> {
    const list = await this.editable(principal, slug);
    const edition = await this.redLists.findEdition(list.id, 'draft');
    if (!edition) throw notFound(`Red List "${slug}" has no draft: start the next edition first.`);
    return this.draftOf(slug, edition);
  }

  /**
   * Replaces the draft's document. Refused (conflict) when the draft changed since `expectedVersion`
   * was read, so that no one's work is silently lost. The edition number stays the draft's.
   */
  async saveDraft(principal: Principal, slug: string, input: unknown, expectedVersion: number): Promise<RedListDraft> {
    const list = await this.editable(principal, slug);
    const parsed = parseRedListDocument(input);
    if (parsed.slug !== slug) throw invalid('A Red List keeps its slug.', [{ field: 'slug', message: `must stay ${slug}` }]);
    const edition = await this.redLists.findEdition(list.id, 'draft');
    if (!edition) throw notFound(`Red List "${slug}" has no draft: start the next edition first.`);
    const document: RedListDocument = { ...parsed, edition: { ...parsed.edition, number: edition.number } };
    assertValid(validateRedList(document, new Set(), 'draft', { imagesMayFollow: true }), 'The draft cannot be saved.');
    const version = await this.redLists.updateDraft(edition.id, JSON.stringify(document), expectedVersion, principal.userId, new Date().toISOString());
    if (version === undefined) throw conflict(`The draft of "${slug}" was changed by someone else meanwhile: read it again.`);
    this.changed();
    await this.record(principal, 'red-list.save-draft', slug, { edition: edition.number, version });
    return this.getDraft(principal, slug);
  }

  /** Stores an example photo (without its metadata) under `name` in the draft, replacing the image the name had. */
  async addDraftImage(principal: Principal, slug: string, name: string, bytes: Buffer): Promise<RedListImageInfo> {
    const list = await this.editable(principal, slug);
    if (!ExampleSchema.shape.image.safeParse(name).success) throw invalid('The image name is not valid.', [{ field: 'name', message: 'letters, digits, dots, hyphens and underscores' }]);
    const image = await prepareImage(bytes, name);
    await this.files.write(image);
    await this.transact(async ({ redLists }) => {
      const edition = await redLists.findEdition(list.id, 'draft');
      if (!edition) throw notFound(`Red List "${slug}" has no draft: start the next edition first.`);
      await redLists.insertImage(imageRow(image));
      await redLists.linkImage(edition.id, name, image.sha256);
    });
    this.changed();
    await this.record(principal, 'red-list.add-image', slug, { name, sha256: image.sha256 });
    return { name, sha256: image.sha256, contentType: image.contentType, width: image.width, height: image.height, bytes: image.original.length };
  }

  /** Publishes the draft once it is complete (every text translated, every image there); images it no longer names are dropped from it. */
  async publish(principal: Principal, slug: string): Promise<PublishedRedList> {
    const list = await this.editable(principal, slug);
    const number = await this.transact(async ({ redLists }) => {
      const edition = await redLists.findEdition(list.id, 'draft');
      if (!edition) throw notFound(`Red List "${slug}" has no draft to publish.`);
      const document = documentOf(edition);
      const images = await redLists.editionImages(edition.id);
      assertValid(validateRedList(document, new Set(images.map((image) => image.name)), 'publish'), `The draft of "${slug}" cannot be published yet.`);
      await redLists.unlinkImagesExcept(edition.id, [...namedImages(document)]);
      await redLists.publish(edition.id, principal.userId, new Date().toISOString());
      return edition.number;
    });
    this.changed();
    await this.record(principal, 'red-list.publish', slug, { edition: number });
    return this.getPublished(slug);
  }

  /** A new draft, numbered after the latest edition, as a copy of the latest published one (its images too). */
  async startEdition(principal: Principal, slug: string): Promise<RedListDraft> {
    const list = await this.editable(principal, slug);
    const started = await this.transact(async ({ redLists }) => {
      if (await redLists.findEdition(list.id, 'draft')) throw conflict(`Red List "${slug}" already has a draft.`);
      const latest = await redLists.lastNumber(list.id, 'published');
      const source = await redLists.findEdition(list.id, latest);
      if (!source) throw conflict(`Red List "${slug}" has no published edition to start from.`);
      const number = (await redLists.lastNumber(list.id)) + 1;
      const previous = documentOf(source);
      // The previous edition's label described it, not this one.
      const document: RedListDocument = { ...previous, edition: { number, year: new Date().getUTCFullYear() } };
      const now = new Date().toISOString();
      const editionId = await redLists.insertEdition({ listId: list.id, number, document: JSON.stringify(document), userId: principal.userId, now });
      await redLists.copyImages(source.id, editionId);
      return { edition: number, from: source.number };
    });
    this.changed();
    await this.record(principal, 'red-list.start-edition', slug, started);
    return this.getDraft(principal, slug);
  }

  async editorsOf(principal: Principal, slug: string): Promise<RedListEditor[]> {
    const list = await this.editable(principal, slug);
    return this.redLists.editors(list.id);
  }

  /** Admins: lets a `red-list-editor` user edit the list. */
  async addEditor(principal: Principal, slug: string, email: string): Promise<void> {
    const { list, user } = await this.editorChange(principal, slug, email);
    if (user.role !== 'red-list-editor') throw invalid(`${email} is not a Red List editor.`, [{ field: 'email', message: 'the person needs the red-list-editor role' }]);
    await this.redLists.addEditor(list.id, user.id, principal.userId, new Date().toISOString());
    await this.record(principal, 'red-list.editor.add', slug, { userId: user.id });
  }

  async removeEditor(principal: Principal, slug: string, email: string): Promise<void> {
    const { list, user } = await this.editorChange(principal, slug, email);
    if (!(await this.redLists.removeEditor(list.id, user.id))) throw notFound(`${email} does not edit "${slug}".`);
    await this.record(principal, 'red-list.editor.remove', slug, { userId: user.id });
  }

  /**
   * Imports a document (parsed JSON, checked here) with its images by name: a new list, or the next
   * edition of one. Everything is checked before anything is written (shape, tree, translations
   * when publishing, every image decoded), then written in one transaction; image files are written
   * before it, which is harmless if it fails (see RedListImageFiles). Importing an edition that is
   * already published, identical, changes nothing.
   */
  async importDocument(principal: Principal, input: unknown, images: ReadonlyMap<string, Buffer>, options: ImportOptions = {}): Promise<ImportResult> {
    this.requireEditorRole(principal);
    const document = parseRedListDocument(input);
    const { prepared, issues } = await prepareNamedImages(document, images);
    // A file that is there but broken has its own issue (above), not "missing".
    const validation = validateRedList(document, new Set(images.keys()), options.publish ? 'publish' : 'draft');
    assertValid({ errors: [...validation.errors, ...issues], warnings: [] }, 'The Red List cannot be imported.');
    for (const image of prepared.values()) await this.files.write(image);
    const serialised = JSON.stringify(document);
    const { number } = document.edition;
    const now = new Date().toISOString();
    const result = await this.transact(async ({ redLists }): Promise<ImportResult> => {
      let list = await redLists.findList(document.slug);
      if (list && !(await this.mayEdit(principal, list.id, redLists))) throw forbidden(`You do not edit the Red List "${document.slug}".`);
      const base = { slug: document.slug, edition: number, warnings: validation.warnings };
      if (list) {
        const published = await redLists.findEdition(list.id, number);
        if (published) {
          if (published.document === serialised && sameImages(await redLists.editionImages(published.id), prepared)) return { ...base, status: 'published', warnings: [], unchanged: true };
          throw conflict(`Edition ${number} of "${document.slug}" is already published and differs: number the new edition after it.`);
        }
        const last = await redLists.lastNumber(list.id, 'published');
        if (number <= last) throw conflict(`Edition ${last} of "${document.slug}" is published: number the new edition after it.`);
        const draft = await redLists.findEdition(list.id, 'draft');
        if (draft && !options.replaceDraft) throw conflict(`Red List "${document.slug}" has a draft (edition ${draft.number}): replace it explicitly, or publish it first.`);
        if (draft) await redLists.deleteDraft(draft.id);
      } else {
        list = { id: await redLists.createList(document.slug, principal.userId, now), slug: document.slug };
        await redLists.addEditor(list.id, principal.userId, principal.userId, now);
      }
      const editionId = await redLists.insertEdition({ listId: list.id, number, document: serialised, userId: principal.userId, now });
      for (const [name, image] of prepared) {
        await redLists.insertImage(imageRow(image, now));
        await redLists.linkImage(editionId, name, image.sha256);
      }
      if (!options.publish) return { ...base, status: 'draft', unchanged: false };
      await redLists.publish(editionId, principal.userId, now);
      return { ...base, status: 'published', warnings: [], unchanged: false };
    });
    if (!result.unchanged) this.changed();
    await this.record(principal, 'red-list.import', document.slug, { edition: number, status: result.status, images: prepared.size, unchanged: result.unchanged });
    return result;
  }

  /** An edition (by default the latest published) with the images it names, as `egide red-list export` writes it. */
  async exportEdition(principal: Principal | null, slug: string, edition?: EditionRef): Promise<ExportedRedList> {
    const list = await this.redLists.findList(slug);
    if (!list) throw noList(slug);
    const ref = edition ?? (await this.redLists.lastNumber(list.id, 'published'));
    if (ref === 'draft' && !(await this.mayEdit(principal, list.id))) throw noList(slug);
    const row = await this.redLists.findEdition(list.id, ref);
    if (!row) throw notFound(ref === 'draft' ? `Red List "${slug}" has no draft.` : `Red List "${slug}" has no published edition${ref ? ` ${ref}` : ''}.`);
    const document = documentOf(row);
    const named = namedImages(document);
    const images = new Map<string, Buffer>();
    for (const image of await this.redLists.editionImages(row.id)) {
      if (named.has(image.name)) images.set(image.name, await this.files.read(image, 'original'));
    }
    return { document, images };
  }

  /** Tells the other processes serving the database of this service's writes, and drops the copy when they write. */
  followChanges(changes: Pick<ChangeFeed, 'publish' | 'subscribe'>): void {
    this.changes = changes;
    changes.subscribe('red-lists', () => this.forget());
  }

  private async loadPublished(): Promise<PublishedRedList[]> {
    const [latest, numbers] = await Promise.all([this.redLists.latestPublished(), this.redLists.publishedNumbers()]);
    return latest.map((row) => ({
      slug: row.slug,
      edition: row.number,
      publishedAt: row.publishedAt,
      document: JSON.parse(row.document) as RedListDocument,
      editions: numbers.get(row.slug) ?? [row.number],
    }));
  }

  /** Every write is recorded in the audit trail, once committed, against the list's slug. */
  private record(principal: Principal, action: AuditEvent['action'], slug: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record(principal, { action, targetType: 'red-list', targetId: slug, details });
  }

  private changed(): void {
    this.forget();
    void this.changes?.publish('red-lists');
  }

  private forget(): void {
    this.cache = undefined;
    this.revision += 1;
  }

  private requireEditorRole(principal: Principal): void {
    if (principal.role !== 'admin' && principal.role !== 'red-list-editor') throw forbidden('Only admins and Red List editors edit Red Lists.');
  }

  private async mayEdit(principal: Principal | null, listId: number, redLists = this.redLists): Promise<boolean> {
    if (!principal) return false;
    if (principal.role === 'admin') return true;
    return principal.role === 'red-list-editor' && (await redLists.isEditor(listId, principal.userId));
  }

  /** The list, if `principal` edits it; one they may not edit answers as if it did not exist (its published editions are public, its drafts are not). */
  private async editable(principal: Principal, slug: string): Promise<{ id: number; slug: string }> {
    this.requireEditorRole(principal);
    const list = await this.redLists.findList(slug);
    if (!list || !(await this.mayEdit(principal, list.id))) throw noList(slug);
    return list;
  }

  private async editorChange(principal: Principal, slug: string, email: string) {
    if (principal.role !== 'admin') throw forbidden('Only admins choose who edits a Red List.');
    const list = await this.redLists.findList(slug);
    if (!list) throw noList(slug);
    const user = await this.redLists.userByEmail(email.trim().toLowerCase());
    if (!user) throw notFound(`No person with the e-mail address ${email}.`);
    return { list, user };
  }

  private async draftOf(slug: string, edition: EditionRow): Promise<RedListDraft> {
    const document = documentOf(edition);
    const images = await this.redLists.editionImages(edition.id);
    const { errors } = validateRedList(document, new Set(images.map((image) => image.name)), 'publish');
    return {
      slug,
      edition: edition.number,
      version: edition.version,
      updatedAt: edition.updated_at,
      document,
      images: images.map((image) => ({ name: image.name, sha256: image.sha256, contentType: image.content_type, width: image.width, height: image.height, bytes: image.bytes })),
      publishIssues: errors,
    };
  }
}

/** A stored document: written by this service after validation, so read as it is. */
function documentOf(row: EditionRow): RedListDocument {
  return JSON.parse(row.document) as RedListDocument;
}

function namedImages(document: RedListDocument): Set<string> {
  return new Set(document.categories.flatMap((category) => category.examples.map((example) => example.image)));
}

function imageRow(image: PreparedImage, now = new Date().toISOString()) {
  return { sha256: image.sha256, content_type: image.contentType, width: image.width, height: image.height, bytes: image.original.length, created_at: now, descriptor: descriptorBlob(image.descriptor) };
}

function sameImages(stored: { name: string; sha256: string }[], prepared: ReadonlyMap<string, PreparedImage>): boolean {
  return stored.length === prepared.size && stored.every((image) => prepared.get(image.name)?.sha256 === image.sha256);
}

/**
 * Decodes each image the document names that is at hand; one that does not decode is an issue at
 * every example naming it. Images nobody names are left out.
 */
async function prepareNamedImages(document: RedListDocument, images: ReadonlyMap<string, Buffer>): Promise<{ prepared: Map<string, PreparedImage>; issues: FieldIssue[] }> {
  const prepared = new Map<string, PreparedImage>();
  const issues: FieldIssue[] = [];
  const named = namedImages(document);
  for (const name of named) {
    const bytes = images.get(name);
    if (!bytes) continue;
    try {
      prepared.set(name, await prepareImage(bytes, name));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      document.categories.forEach((category, c) =>
        category.examples.forEach((example, e) => {
          if (example.image === name) issues.push({ field: `categories[${c}].examples[${e}].image`, message: `${name}: ${error.message}` });
        }),
      );
    }
  }
  return { prepared, issues };
}

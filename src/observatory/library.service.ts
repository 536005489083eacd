import type { AuditTrail } from '../audit/audit.service.js';
import { DomainError, invalid, notFound } from '../errors.js';
import { searchTokens } from '../i18n/search-text.js';
import { LANGUAGES } from '../i18n/languages.js';
import type { PublishedRedLists } from '../redlists/red-list-public.js';
import type { Texts } from '../redlists/red-list-document.js';
import type { ObjectService } from '../registry/object.service.js';
import type { Principal } from '../roles.js';
import { LibraryItemInputSchema, parseOrRefuse, type LibraryItem, type LibraryItemInput, type LibraryKind, type LibraryTexts, type LibraryTheme } from './library.js';
import type { LibraryItemRow, LibraryItemValues, LibraryRepository } from './library.repository.js';

export const LIBRARY_PAGE_SIZE = 20;
/** An uploaded document: reports and laws as published run to a few MB; 20 MB leaves room for scanned ones. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface LibraryQuery {
  q?: string | undefined;
  kind?: LibraryKind | undefined;
  country?: string | undefined;
  theme?: LibraryTheme | undefined;
  page?: number | undefined;
}

/** A national law as a published Red List's legal section gives it, with the list it comes from. */
export interface RedListLaw {
  country: string;
  title: Texts;
  reference: string;
  year?: number | undefined;
  url?: string | undefined;
  summary?: Texts | undefined;
  list: { slug: string; edition: number; title: Texts };
}

/** A registry object's owner, as the library needs it. */
export type ObjectOwnerLookup = (slug: string) => Promise<number | undefined>;

const RECOVERED = new Set(['recovered', 'found']);
const noItem = (id: number) => notFound(`No library item ${id}.`);
const forbidden = (message: string) => new DomainError('forbidden', message);

/**
 * The resource library. Anyone reads listed items; admins of the secretariat write them. A case study
 * drawn from a registry object is listed only once the object's owner consents (a registrar of the
 * owning organisation, or an admin): until then only admins and those registrars see it.
 */
export class LibraryService {
  constructor(
    private readonly items: LibraryRepository,
    private readonly deps: {
      objects: Pick<ObjectService, 'get'>;
      organisationId: ObjectOwnerLookup;
      redLists: Pick<PublishedRedLists, 'listPublished'>;
      audit: Pick<AuditTrail, 'record'>;
    },
  ) {}

  /** One page of the items `principal` sees, newest first, matching every word (accents and case ignored, prefixes) and the filters. */
  async search(principal: Principal | null, query: LibraryQuery): Promise<{ items: LibraryItem[]; total: number; page: number; pageSize: number }> {
    const page = query.page ?? 1;
    const filter = { words: searchTokens(query.q ?? ''), kind: query.kind, country: query.country, theme: query.theme, listedOnly: principal?.role !== 'admin' };
    const { rows, total } = await this.items.search(filter, LIBRARY_PAGE_SIZE, (page - 1) * LIBRARY_PAGE_SIZE);
    return { items: rows.map(itemOf), total, page, pageSize: LIBRARY_PAGE_SIZE };
  }

  /** The case studies drawn from the objects of a registrar's organisation (admins: every one drawn from an object), consented or not. */
  async consentRequests(principal: Principal): Promise<LibraryItem[]> {
    if (principal.role !== 'admin' && principal.role !== 'registrar') throw forbidden('Only registrars and admins give consent to case studies.');
    const filter = { words: [], kind: 'case-study', listedOnly: false, ...(principal.role === 'registrar' && { objectOrganisationId: principal.organisationId }) };
    const { rows } = await this.items.search(filter, 500, 0);
    return rows.filter((row) => row.object_id !== null).map(itemOf);
  }

  async get(principal: Principal | null, id: number): Promise<LibraryItem> {
    const row = await this.items.find(id);
    if (!row || !this.sees(principal, row)) throw noItem(id);
    return itemOf(row);
  }

  async create(principal: Principal, input: LibraryItemInput): Promise<LibraryItem> {
    requireAdmin(principal);
    const checked = parseOrRefuse(LibraryItemInputSchema, input, 'The library item is not valid.');
    const owner = await this.objectOwner(principal, checked.objectId);
    const now = new Date().toISOString();
    const id = await this.items.insert({ ...valuesOf(checked, owner, principal, now), created_at: now, created_by: principal.userId });
    await this.deps.audit.record(principal, { action: 'library.create', targetType: 'library-item', targetId: String(id), details: { kind: checked.kind, objectId: checked.objectId ?? null } });
    return this.get(principal, id);
  }

  /** Replaces an item; drawing it from another object withdraws the consent given for the previous one. */
  async update(principal: Principal, id: number, input: LibraryItemInput): Promise<LibraryItem> {
    requireAdmin(principal);
    const checked = parseOrRefuse(LibraryItemInputSchema, input, 'The library item is not valid.');
    const existing = await this.items.find(id);
    if (!existing) throw noItem(id);
    const objectChanged = (checked.objectId ?? null) !== existing.object_id;
    const owner = objectChanged ? await this.objectOwner(principal, checked.objectId) : existing.object_organisation_id;
    await this.items.update(id, valuesOf(checked, owner, principal, new Date().toISOString()), objectChanged);
    await this.deps.audit.record(principal, { action: 'library.update', targetType: 'library-item', targetId: String(id), details: { objectChanged } });
    return this.get(principal, id);
  }

  async delete(principal: Principal, id: number): Promise<void> {
    requireAdmin(principal);
    if (!(await this.items.delete(id))) throw noItem(id);
    await this.deps.audit.record(principal, { action: 'library.delete', targetType: 'library-item', targetId: String(id) });
  }

  /** The owner's consent to list a case study drawn from its object, given or withdrawn: a registrar of that organisation, or an admin. */
  async setConsent(principal: Principal, id: number, consent: boolean): Promise<LibraryItem> {
    const row = await this.items.find(id);
    if (!row || !this.sees(principal, row)) throw noItem(id);
    if (row.object_id === null) throw invalid('This item is not drawn from a registry object: it needs no consent.', [{ field: 'consent', message: 'only for a case study drawn from an object' }]);
    if (!this.mayConsent(principal, row)) throw forbidden('Only a registrar of the object’s organisation, or an admin, gives this consent.');
    await this.items.setConsent(id, consent, principal.userId, new Date().toISOString());
    await this.deps.audit.record(principal, { action: 'library.consent', targetType: 'library-item', targetId: String(id), details: { objectId: row.object_id, consent } });
    return this.get(principal, id);
  }

  /** Stores the item's PDF (replacing the one it had). */
  async attachDocument(principal: Principal, id: number, fileName: string, bytes: Buffer): Promise<LibraryItem> {
    requireAdmin(principal);
    if (!(await this.items.find(id))) throw noItem(id);
    if (bytes.length > MAX_DOCUMENT_BYTES) throw invalid('The document is too large.', [{ field: 'document', message: `at most ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB` }]);
    if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw invalid('The document is not a PDF.', [{ field: 'document', message: 'a PDF file' }]);
    const name = fileName.replace(/[^\p{L}\p{N}._-]+/gu, '-').slice(-120) || 'document.pdf';
    await this.items.saveDocument(id, name, bytes, new Date().toISOString());
    await this.deps.audit.record(principal, { action: 'library.document', targetType: 'library-item', targetId: String(id), details: { bytes: bytes.length } });
    return this.get(principal, id);
  }

  /** The item's PDF, for those who see the item. */
  async readDocument(principal: Principal | null, id: number): Promise<{ fileName: string; bytes: Buffer }> {
    await this.get(principal, id);
    const document = await this.items.readDocument(id);
    if (!document) throw notFound(`Library item ${id} has no document.`);
    return { fileName: document.file_name, bytes: document.bytes };
  }

  /** National laws from the legal sections of the latest published Red Lists, by country (or that country's only), read from the lists each time. */
  async redListLaws(country?: string): Promise<Map<string, RedListLaw[]>> {
    const byCountry = new Map<string, RedListLaw[]>();
    for (const published of await this.deps.redLists.listPublished()) {
      const list = { slug: published.slug, edition: published.edition, title: published.document.title };
      for (const law of published.document.legal.laws) {
        if (country && law.country !== country) continue;
        byCountry.set(law.country, [...(byCountry.get(law.country) ?? []), { ...law, list }]);
      }
    }
    return new Map([...byCountry].sort(([a], [b]) => a.localeCompare(b)));
  }

  private sees(principal: Principal | null, row: LibraryItemRow): boolean {
    return isListed(row) || principal?.role === 'admin' || this.mayConsent(principal, row);
  }

  private mayConsent(principal: Principal | null, row: LibraryItemRow): boolean {
    if (!principal || row.object_id === null) return false;
    return principal.role === 'admin' || (principal.role === 'registrar' && principal.organisationId === row.object_organisation_id);
  }

  /** The organisation owning a recovered object a case study is drawn from; refused by name when there is no such object or it is not recovered. */
  private async objectOwner(principal: Principal, objectId: string | undefined): Promise<number | null> {
    if (objectId === undefined) return null;
    const refuse = (message: string) => invalid(`The case study cannot be drawn from object ${objectId}.`, [{ field: 'objectId', message }]);
    let object;
    try {
      object = await this.deps.objects.get(principal, objectId);
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'not-found') throw refuse('no such object in the registry');
      throw error;
    }
    if (!RECOVERED.has(object.status)) throw refuse('the object is not recovered or found');
    const owner = await this.deps.organisationId(object.organisation.slug);
    if (owner === undefined) throw refuse('the object’s organisation is unknown');
    return owner;
  }
}

function requireAdmin(principal: Principal): void {
  if (principal.role !== 'admin') throw forbidden('Only admins of the secretariat edit the library.');
}

function isListed(row: LibraryItemRow): boolean {
  return row.object_id === null || row.consent === 1;
}

/** The folded words of every text, country and the source, between spaces, so that ` word` finds a word's beginning. */
function searchTextOf(input: LibraryItemInput): string {
  const texts = LANGUAGES.flatMap((lang) => {
    const text = input.texts[lang];
    return text ? [text.title, text.summary ?? '', text.body ?? ''] : [];
  });
  return ` ${searchTokens([...texts, input.source].join(' ')).join(' ')} `;
}

function valuesOf(input: LibraryItemInput, owner: number | null, principal: Principal, now: string): Omit<LibraryItemValues, 'created_at' | 'created_by'> {
  return {
    kind: input.kind,
    texts: JSON.stringify(input.texts),
    countries: JSON.stringify([...new Set(input.countries)]),
    themes: JSON.stringify([...new Set(input.themes)]),
    source: input.source,
    licence: input.licence,
    published_on: input.publishedOn,
    url: input.url ?? null,
    object_id: input.objectId ?? null,
    object_organisation_id: owner,
    search_text: searchTextOf(input),
    updated_at: now,
    updated_by: principal.userId,
  };
}

function itemOf(row: LibraryItemRow): LibraryItem {
  return {
    id: row.id,
    kind: row.kind as LibraryKind,
    texts: JSON.parse(row.texts) as LibraryTexts,
    countries: JSON.parse(row.countries) as string[],
    themes: JSON.parse(row.themes) as LibraryTheme[],
    source: row.source,
    licence: row.licence,
    publishedOn: row.published_on,
    url: row.url,
    objectId: row.object_id,
    consent: row.consent === 1,
    listed: isListed(row),
    document: row.file_name !== null ? { fileName: row.file_name, size: Number(row.size) } : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

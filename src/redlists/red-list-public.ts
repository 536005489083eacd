import { notFound } from '../errors.js';
import type { Category, RedListDocument } from './red-list-document.js';
import type { PublishedListsSource } from './red-list-search.js';
import type { PublishedRedList } from './red-list.service.js';

export type { PublishedRedList };

/** What the public pages and the read API need of RedListService: published editions only. */
export interface PublishedRedLists extends PublishedListsSource {
  listPublished(): Promise<PublishedRedList[]>;
  /** The latest published edition, or the one asked for; a not-found error otherwise. */
  getPublished(slug: string, edition?: number): Promise<PublishedRedList>;
}

/** A category of the edition, or a not-found error naming it. */
export function categoryOf(published: PublishedRedList, id: string): Category {
  const category = published.document.categories.find((candidate) => candidate.id === id);
  if (!category) throw notFound(`The Red List ${published.slug} (edition ${published.edition}) has no category ${id}.`);
  return category;
}

/** The categories directly under `parent` (the top-level ones without it), in the document's order. */
export function childrenOf(document: RedListDocument, parent?: string): Category[] {
  return document.categories.filter((category) => category.parent === parent);
}

/** Whether this is the list's latest published edition. */
export function isLatest(published: PublishedRedList): boolean {
  return published.edition === Math.max(...published.editions, published.edition);
}

/** What a list of lists shows of each. */
export function summaryOf(published: PublishedRedList) {
  const { document } = published;
  return {
    slug: published.slug,
    edition: published.edition,
    year: document.edition.year,
    publishedAt: published.publishedAt,
    editions: published.editions,
    title: document.title,
    region: document.region,
    languages: document.languages,
    demonstration: document.demonstration,
    categoryCount: document.categories.length,
  };
}

/** Pages of a list: `?page=` read, links to the previous and next pages, query strings kept. */
import type { PageContext } from './page-context.js';

export const PAGE_SIZE = 20;

/** The 1-based page number of `?page=`, at least 1. */
export function pageNumber(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

export function Pagination({ current, total, pageSize = PAGE_SIZE, href, page }: { current: number; total: number; pageSize?: number; href: (n: number) => string; page: PageContext }) {
  const { t } = page;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {current > 1 ? (
        <a href={href(current - 1)} rel="prev">
          ← {t('pagination.previous')}
        </a>
      ) : (
        <span></span>
      )}
      <span aria-current="page">{t('pagination.page', { page: Math.min(current, pages), pages })}</span>
      {current < pages ? (
        <a href={href(current + 1)} rel="next">
          {t('pagination.next')} →
        </a>
      ) : (
        <span></span>
      )}
    </nav>
  );
}

/** A query string from pairs, skipping empty values; `page` 1 is left out. */
export function queryString(pairs: Array<[string, string | number | undefined]>): string {
  const params = new URLSearchParams();
  for (const [name, value] of pairs) {
    if (value === undefined || value === '' || (name === 'page' && value === 1)) continue;
    params.append(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

import { Hono } from 'hono';
import type { OrganisationRow } from '../db/schema.js';
import type { AppEnv } from '../http/env.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { listItemOf, ObjectList } from './object.components.js';
import { PAGE_SIZE, pageNumber, Pagination, queryString } from '../web/pagination.js';
import type { ObjectView } from './object-view.js';
import { INVENTORY_NUMBER_FILTERS, type InventoryNumberFilter } from './object.repository.js';
import { render, requireEditorRole, type RegistryPageDeps } from './page-support.js';
import { OBJECT_STATUSES, type ObjectStatus } from './status.js';

interface InventoryProps {
  page: PageContext;
  items: ObjectView[];
  total: number;
  current: number;
  status: ObjectStatus | undefined;
  /** Only objects without an inventory number, or sharing theirs. */
  numbers: InventoryNumberFilter | undefined;
  /** Admins: every organisation, to filter by; registrars: null (their own only). */
  organisations: OrganisationRow[] | null;
  organisation: OrganisationRow | undefined;
}

/** A registrar's organisation's objects; admins see every organisation's, and filter by one. */
export function inventoryPages(deps: RegistryPageDeps) {
  return new Hono<AppEnv>().get('/:lang/inventory', async (c) => {
    const principal = requireEditorRole(c, deps);
    if (principal instanceof Response || principal instanceof Promise) return principal;
    const current = pageNumber(c.req.query('page'));
    const statusParam = c.req.query('status');
    const status = OBJECT_STATUSES.find((candidate) => candidate === statusParam);
    const numbersParam = c.req.query('numbers');
    const numbers = INVENTORY_NUMBER_FILTERS.find((candidate) => candidate === numbersParam);
    const isAdmin = principal.role === 'admin';
    const organisations = isAdmin ? await deps.accounts.listOrganisations() : null;
    const slug = isAdmin ? c.req.query('organisation') : principal.organisationSlug;
    const organisation = isAdmin ? organisations?.find((candidate) => candidate.slug === slug) : await deps.accounts.findOrganisation(principal.organisationSlug);
    // Registrars also see the public alert list: the inventory is their own organisation's objects only.
    const organisationId = isAdmin ? organisation?.id : principal.organisationId;
    const { items, total } = await deps.objects.page(principal, {
      organisationId,
      statuses: status ? [status] : undefined,
      numbers,
      limit: PAGE_SIZE,
      offset: (current - 1) * PAGE_SIZE,
    });
    return render(c, deps, (page) => (
      <InventoryPage page={page} items={items} total={total} current={current} status={status} numbers={numbers} organisations={organisations} organisation={organisation} />
    ));
  });
}

function InventoryPage({ page, items, total, current, status, numbers, organisations, organisation }: InventoryProps) {
  const { t, lang } = page;
  const filters: Array<[string, string | undefined]> = [
    ['organisation', organisations ? organisation?.slug : undefined],
    ['status', status],
    ['numbers', numbers],
  ];
  return (
    <Layout page={page} title={t('inventory.title')}>
      <h1>{t('inventory.title')}</h1>
      <p class="lead">{organisations && !organisation ? t('inventory.lead.all') : t('inventory.lead', { organisation: organisation?.name ?? '' })}</p>
      <p>
        <a class="button" href={`/${lang}/objects/new`}>
          {t('inventory.new')}
        </a>
      </p>
      <form class="filters wrap-rows" method="get" action={`/${lang}/inventory`}>
        <div class="row">
          {organisations && (
            <div class="field">
              <label for="inventory-organisation">{t('inventory.filter.organisation')}</label>
              <select id="inventory-organisation" name="organisation">
                <option value="">{t('inventory.filter.allOrganisations')}</option>
                {organisations.map((candidate) => (
                  <option value={candidate.slug} selected={candidate.slug === organisation?.slug}>
                    {candidate.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="field">
            <label for="inventory-status">{t('inventory.filter.status')}</label>
            <select id="inventory-status" name="status">
              <option value="">{t('inventory.filter.allStatuses')}</option>
              {OBJECT_STATUSES.map((candidate) => (
                <option value={candidate} selected={candidate === status}>
                  {t(`status.${candidate}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="inventory-numbers">{t('inventory.filter.numbers')}</label>
            <select id="inventory-numbers" name="numbers">
              <option value="">{t('inventory.filter.numbers.all')}</option>
              {INVENTORY_NUMBER_FILTERS.map((candidate) => (
                <option value={candidate} selected={candidate === numbers}>
                  {t(`inventory.filter.numbers.${candidate}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{t('inventory.filter.submit')}</button>
        </div>
      </form>
      <p class="count">{t('inventory.count', { count: total })}</p>
      {items.length === 0 ? (
        <p class="empty">{t('inventory.none')}</p>
      ) : (
        <ObjectList
          items={items.map((view) => listItemOf(view, page))}
          page={page}
          show={{ completeness: true, inventoryNumber: true, organisation: organisations !== null && !organisation }}
        />
      )}
      <Pagination current={current} total={total} page={page} href={(n) => `/${lang}/inventory${queryString([...filters, ['page', n]])}`} />
    </Layout>
  );
}

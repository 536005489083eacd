import { Hono, type Context } from 'hono';
import { CSRF_FIELD, isValidCsrf } from '../http/csrf.js';
import { DomainError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import type { Role } from '../roles.js';
import { Layout } from '../web/layout.js';
import type { PageContext } from '../web/page-context.js';
import { forbiddenPage, loginRedirect, notFoundPage, renderPage, type PageOptions } from '../web/page-responses.js';
import type { AccountService, ApiTokenView } from './account.service.js';
import type { PersonListRow } from './user.repository.js';

/** The notices shown after an action, by the `saved` query parameter. */
const NOTICES = ['token-revoked', 'person-disabled', 'person-enabled'] as const;
type Notice = { kind: 'success'; key: (typeof NOTICES)[number] } | { kind: 'error'; key: 'self' };

/** `/{lang}/admin/access`: every API token and every person, with revoke, disable and enable (admins). */
export function accessAdminPages(accounts: AccountService, options: PageOptions) {
  /** Checks the admin and the form's CSRF token, runs the action, then shows the list with its notice. */
  const act = async (c: Context<AppEnv>, action: (id: number) => Promise<unknown>, done: (typeof NOTICES)[number]) => {
    const principal = c.get('principal');
    if (!principal) return loginRedirect(c);
    if (principal.role !== 'admin') return forbiddenPage(c, options);
    const form = await c.req.parseBody();
    if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) return notFoundPage(c, options);
    try {
      await action(id);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.kind === 'not-found') return notFoundPage(c, options);
      // The one refusal these actions have: disabling one's own account.
      if (error.kind === 'conflict') return renderList(c, { kind: 'error', key: 'self' }, 409);
      throw error;
    }
    return c.redirect(`/${c.get('lang')}/admin/access?saved=${done}`, 303);
  };

  const renderList = async (c: Context<AppEnv>, notice: Notice | undefined, status: 200 | 409 = 200) => {
    const [tokens, people] = await Promise.all([accounts.listApiTokens(), accounts.listPeople()]);
    return renderPage(c, options, (page) => <AccessPage page={page} tokens={tokens} people={people} notice={notice} />, status);
  };

  return new Hono<AppEnv>()
    .get('/:lang/admin/access', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      if (principal.role !== 'admin') return forbiddenPage(c, options);
      const saved = c.req.query('saved');
      return renderList(c, saved && (NOTICES as readonly string[]).includes(saved) ? { kind: 'success', key: saved as (typeof NOTICES)[number] } : undefined);
    })
    .post('/:lang/admin/access/tokens/:id/revoke', (c) => act(c, (id) => accounts.revokeApiToken(id, c.get('principal')), 'token-revoked'))
    .post('/:lang/admin/access/people/:id/disable', (c) => act(c, (id) => accounts.disablePerson(id, c.get('principal')), 'person-disabled'))
    .post('/:lang/admin/access/people/:id/enable', (c) => act(c, (id) => accounts.enablePerson(id, c.get('principal')), 'person-enabled'));
}

interface AccessPageProps {
  page: PageContext;
  tokens: ApiTokenView[];
  people: PersonListRow[];
  notice: Notice | undefined;
}

function AccessPage({ page, tokens, people, notice }: AccessPageProps) {
  const { t } = page;
  return (
    <Layout page={page} title={t('access.title')}>
      <h1>{t('access.title')}</h1>
      <p class="lead">{t('access.lead')}</p>
      {notice?.kind === 'success' && (
        <p class="notice success" role="status">
          {t(`access.notice.${notice.key}`)}
        </p>
      )}
      {notice?.kind === 'error' && (
        <p class="notice error" role="alert">
          {t('access.error.self')}
        </p>
      )}
      <section aria-labelledby="access-tokens">
        <h2 id="access-tokens">{t('access.tokens', { count: tokens.length })}</h2>
        {tokens.length === 0 ? <p>{t('access.tokens.none')}</p> : <ul class="access-list">{tokens.map((token) => <TokenItem page={page} token={token} />)}</ul>}
      </section>
      <section aria-labelledby="access-people">
        <h2 id="access-people">{t('access.people', { count: people.length })}</h2>
        {people.length === 0 ? <p>{t('access.people.none')}</p> : <ul class="access-list">{people.map((person) => <PersonItem page={page} person={person} />)}</ul>}
      </section>
    </Layout>
  );
}

function TokenItem({ page, token }: { page: PageContext; token: ApiTokenView }) {
  const { t, lang } = page;
  const name = t('access.token.name', { id: token.id, label: token.label });
  return (
    <li class={`access-item ${token.state}`}>
      <p class="access-headline">
        <strong>{name}</strong> <span class="badge">{t(`access.state.${token.state}`)}</span>
      </p>
      <dl>
        <dt>{t('access.organisation')}</dt>
        <dd>
          {token.organisation} · {t(`access.role.${token.role}`)}
        </dd>
        <dt>{t('access.created')}</dt>
        <dd>
          <Time at={token.createdAt} />
          {token.createdBy && ` · ${token.createdBy}`}
        </dd>
        <dt>{t('access.expires')}</dt>
        <dd>{token.expiresAt ? <Time at={token.expiresAt} /> : t('access.expires.never')}</dd>
        <dt>{t('access.lastUsed')}</dt>
        <dd>{token.lastUsedAt ? <Time at={token.lastUsedAt} /> : t('access.lastUsed.never')}</dd>
        {token.revokedAt && (
          <>
            <dt>{t('access.revoked')}</dt>
            <dd>
              <Time at={token.revokedAt} />
              {token.revokedBy && ` · ${token.revokedBy}`}
            </dd>
          </>
        )}
      </dl>
      {token.state !== 'revoked' && (
        <form method="post" action={`/${lang}/admin/access/tokens/${token.id}/revoke`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class="danger" aria-label={t('access.token.revoke.named', { name })}>
            {t('access.token.revoke')}
          </button>
        </form>
      )}
    </li>
  );
}

function PersonItem({ page, person }: { page: PageContext; person: PersonListRow }) {
  const { t, lang } = page;
  const disabled = person.disabled_at !== null;
  const self = page.principal?.userId === person.id;
  const action = disabled ? 'enable' : 'disable';
  return (
    <li class={`access-item ${disabled ? 'disabled' : 'active'}`}>
      <p class="access-headline">
        <strong>{person.display_name}</strong> <span class="badge">{t(disabled ? 'access.state.disabled' : 'access.state.active')}</span>
      </p>
      <dl>
        <dt>{t('access.email')}</dt>
        <dd>{person.email}</dd>
        <dt>{t('access.organisation')}</dt>
        <dd>
          {person.organisation} · {t(`access.role.${person.role as Role}`)}
        </dd>
        <dt>{t('access.created')}</dt>
        <dd>
          <Time at={person.created_at} />
        </dd>
        {person.disabled_at && (
          <>
            <dt>{t('access.disabled')}</dt>
            <dd>
              <Time at={person.disabled_at} />
            </dd>
          </>
        )}
      </dl>
      {/* Disabling oneself would lock the last admin out: the button is not offered. */}
      {!self && (
        <form method="post" action={`/${lang}/admin/access/people/${person.id}/${action}`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class={disabled ? undefined : 'danger'} aria-label={t(`access.person.${action}.named`, { name: person.display_name })}>
            {t(`access.person.${action}`)}
          </button>
        </form>
      )}
    </li>
  );
}

function Time({ at }: { at: string }) {
  return <time datetime={at}>{at.replace('T', ' ').replace(/(:\d{2})(\.\d+)?Z$/, '$1 UTC')}</time>;
}

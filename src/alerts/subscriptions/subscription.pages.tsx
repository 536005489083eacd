import { Hono } from 'hono';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { isLang, LANGUAGES, type Lang } from '../../i18n/languages.js';
import { Flash, formatDateTime } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { forbiddenPage, loginRedirect, refusalPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import { EMAIL_MODES, type EmailMode, type Subscription, type SubscriptionChannels, type SubscriptionQuery } from './subscription.js';
import type { Principal } from '../../roles.js';
import type { SubscriptionService } from './subscription.service.js';
import { searchStringOf, subscriptionQueryOf } from './subscription-search.js';

/** Each entry of a saved search as shown: the words, then each facet's values. */
function querySummary(query: SubscriptionQuery | null, page: PageContext): string[] {
  if (!query) return [];
  const { t } = page;
  const lines = query.q ? [t('alerts.subscriptions.query.words', { words: query.q })] : [];
  for (const facet of ['type', 'material', 'status', 'country', 'period'] as const) {
    const values = query[facet];
    if (values?.length) lines.push(`${t(`search.facet.${facet}`)}: ${values.join(', ')}`);
  }
  return lines.length > 0 ? lines : [t('alerts.subscriptions.allAlerts')];
}

/** A webhook a subscription may post to, as its select offers it. */
export interface WebhookChoice {
  id: number;
  label: string;
  url: string;
}

interface FormState {
  kind: 'search' | 'objects';
  label: string;
  search: string;
  objectIds: string;
  channels: SubscriptionChannels;
  lang: Lang;
}

function readForm(form: Record<string, string | File>, lang: Lang): FormState {
  const text = (name: string) => (typeof form[name] === 'string' ? form[name].trim() : '');
  const email = text('email');
  const webhook = text('webhookId');
  const chosenLang = text('lang');
  return {
    kind: text('kind') === 'objects' ? 'objects' : 'search',
    label: text('label').slice(0, 200),
    search: text('search').slice(0, 2000),
    objectIds: text('objectIds').slice(0, 10_000),
    channels: {
      inApp: text('inApp') === '1',
      email: (EMAIL_MODES as readonly string[]).includes(email) ? (email as EmailMode) : 'off',
      webhookId: /^\d{1,12}$/.test(webhook) ? Number(webhook) : null,
    },
    lang: isLang(chosenLang) ? chosenLang : lang,
  };
}

const objectIdsOf = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))].slice(0, 500);

/**
 * `/{lang}/alerts/subscriptions`: a signed-in person's subscriptions — list, new (from the current
 * search, or objects by id), edit their channels, delete — and the one-click unsubscribe link of
 * the e-mails, which works without signing in.
 */
export function subscriptionPages(subscriptions: SubscriptionService, options: PageOptions, webhooks: (principal: Principal) => Promise<WebhookChoice[]>) {
  const base = (lang: string) => `/${lang}/alerts/subscriptions`;
  return new Hono<AppEnv>()
    .get('/:lang/alerts/subscriptions', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const items = await subscriptions.list(principal);
      const saved = c.req.query('saved');
      return renderPage(c, options, (page) => <SubscriptionsPage page={page} items={items} saved={saved === 'deleted' ? 'deleted' : saved ? 'saved' : undefined} />);
    })
    .get('/:lang/alerts/subscriptions/new', async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      const search = new URL(c.req.url).search.replace(/^\?/, '');
      const query = subscriptionQueryOf(search);
      const lang = c.get('lang');
      const state: FormState = { kind: 'search', label: query.q ?? '', search: searchStringOf(query), objectIds: '', channels: { inApp: true, email: 'off', webhookId: null }, lang };
      const choices = await webhooks(c.get('principal')!);
      return renderPage(c, options, (page) => <SubscriptionFormPage page={page} state={state} webhooks={choices} errors={[]} />);
    })
    .post('/:lang/alerts/subscriptions', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const lang = c.get('lang');
      const state = readForm(form, lang);
      try {
        const query = subscriptionQueryOf(state.search);
        await subscriptions.create(principal, {
          kind: state.kind,
          label: state.label || querySummaryLabel(query, state),
          query: state.kind === 'search' ? query : undefined,
          objectIds: state.kind === 'objects' ? objectIdsOf(state.objectIds) : undefined,
          channels: state.channels,
          lang: state.lang,
        });
        return c.redirect(`${base(lang)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') {
          const choices = await webhooks(principal);
          return renderPage(c, options, (page) => <SubscriptionFormPage page={page} state={state} webhooks={choices} errors={error.issues} />, 400);
        }
        throw error;
      }
    })
    .get('/:lang/alerts/subscriptions/:id', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      try {
        const [subscription, choices] = await Promise.all([subscriptions.get(principal, c.req.param('id')), webhooks(principal)]);
        return renderPage(c, options, (page) => <SubscriptionFormPage page={page} state={stateOf(subscription)} subscription={subscription} webhooks={choices} errors={[]} />);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .post('/:lang/alerts/subscriptions/:id', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const lang = c.get('lang');
      const id = c.req.param('id');
      const state = readForm(form, lang);
      try {
        const current = await subscriptions.get(principal, id);
        await subscriptions.update(principal, id, { label: state.label || current.label, channels: state.channels, lang: state.lang, objectIds: current.kind === 'objects' ? objectIdsOf(state.objectIds) : undefined });
        return c.redirect(`${base(lang)}?saved=1`, 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'invalid') {
          const [subscription, choices] = await Promise.all([subscriptions.get(principal, id), webhooks(principal)]);
          return renderPage(c, options, (page) => <SubscriptionFormPage page={page} state={{ ...state, kind: subscription.kind === 'objects' ? 'objects' : 'search' }} subscription={subscription} webhooks={choices} errors={error.issues} />, 400);
        }
        return refusalPage(c, options, error);
      }
    })
    .post('/:lang/alerts/subscriptions/:id/delete', async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      try {
        await subscriptions.delete(principal, c.req.param('id'));
        return c.redirect(`${base(c.get('lang'))}?saved=deleted`, 303);
      } catch (error) {
        return refusalPage(c, options, error);
      }
    })
    .get('/:lang/alerts/unsubscribe/:token', async (c) => {
      const subscription = await subscriptions.byUnsubscribeToken(c.req.param('token'));
      return renderPage(c, options, (page) => <UnsubscribePage page={page} token={c.req.param('token')} subscription={subscription} done={false} />, subscription ? 200 : 404);
    })
    // One click (RFC 8058): mail clients POST here without session or form token; the token in the link is the authority.
    .post('/:lang/alerts/unsubscribe/:token', async (c) => {
      const subscription = await subscriptions.unsubscribe(c.req.param('token'));
      return renderPage(c, options, (page) => <UnsubscribePage page={page} token={c.req.param('token')} subscription={subscription} done={true} />, subscription ? 200 : 404);
    });
}

function querySummaryLabel(query: SubscriptionQuery, state: FormState): string {
  return state.kind === 'objects' ? objectIdsOf(state.objectIds).join(', ').slice(0, 200) : (query.q ?? '').slice(0, 200) || '—';
}

function stateOf(subscription: Subscription): FormState {
  return {
    kind: subscription.kind === 'objects' ? 'objects' : 'search',
    label: subscription.label,
    search: searchStringOf(subscription.query),
    objectIds: subscription.objectIds.join('\n'),
    channels: subscription.channels,
    lang: subscription.lang,
  };
}

function SubscriptionsPage({ page, items, saved }: { page: PageContext; items: Subscription[]; saved: 'saved' | 'deleted' | undefined }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('alerts.subscriptions.title')} description={t('alerts.subscriptions.lead')}>
      <h1>{t('alerts.subscriptions.title')}</h1>
      <p class="lead">{t('alerts.subscriptions.lead')}</p>
      <Flash message={saved === 'deleted' ? t('alerts.subscriptions.deleted') : saved ? t('alerts.subscriptions.saved') : undefined} />
      <p>
        <a class="button" href={`/${lang}/alerts/subscriptions/new`}>
          {t('alerts.subscriptions.new')}
        </a>
      </p>
      <p>
        {t('alerts.subscriptions.related')} <a href={`/${lang}/alerts/watches`}>{t('alerts.subscriptions.watchesLink')}</a> · <a href={`/${lang}/alerts/webhooks`}>{t('alerts.subscriptions.webhooksLink')}</a>
      </p>
      {items.length === 0 ? (
        <p class="empty">{t('alerts.subscriptions.none')}</p>
      ) : (
        <ul class="object-list subscriptions">
          {items.map((item) => (
            <li class="object-item" id={`s-${item.id}`}>
              <div class="object-item-body">
                <h2>
                  <a href={`/${lang}/alerts/subscriptions/${item.id}`}>{item.label}</a>
                </h2>
                <p class="muted">
                  {t(`alerts.subscriptions.kind.${item.kind}`)} · <time datetime={item.createdAt}>{formatDateTime(item.createdAt, lang)}</time>
                </p>
                <ul>
                  {(item.kind === 'objects' ? item.objectIds.map((id) => <a href={`/${lang}/objects/${id}`}>{id}</a>) : querySummary(item.query, page)).map((line) => (
                    <li>{line}</li>
                  ))}
                </ul>
                <p>{channelSummary(item.channels, page)}</p>
                <form method="post" action={`/${lang}/alerts/subscriptions/${item.id}/delete`}>
                  <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
                  <button type="submit" class="secondary">
                    {t('alerts.subscriptions.delete')}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function channelSummary(channels: SubscriptionChannels, page: PageContext): string {
  const { t } = page;
  return [channels.inApp ? t('alerts.subscriptions.inApp') : undefined, channels.email !== 'off' ? t(`alerts.subscriptions.email.${channels.email}`) : undefined, channels.webhookId !== null ? `${t('alerts.subscriptions.webhook')} ${channels.webhookId}` : undefined]
    .filter(Boolean)
    .join(' · ');
}

function FieldError({ errors, field }: { errors: readonly FieldIssue[]; field: string }) {
  const issue = errors.find((error) => error.field === field || error.field.startsWith(`${field}.`));
  return issue ? (
    <p class="field-error" id={`${field}-error`}>
      {issue.message}
    </p>
  ) : null;
}

function SubscriptionFormPage({ page, state, subscription, webhooks, errors }: { page: PageContext; state: FormState; subscription?: Subscription; webhooks: readonly WebhookChoice[]; errors: readonly FieldIssue[] }) {
  const { t, lang } = page;
  const title = subscription ? subscription.label : t('alerts.subscriptions.new');
  const action = subscription ? `/${lang}/alerts/subscriptions/${subscription.id}` : `/${lang}/alerts/subscriptions`;
  const fromSearch = !subscription && state.search !== '';
  const query = subscriptionQueryOf(state.search);
  return (
    <Layout page={page} title={title}>
      <h1>{title}</h1>
      {errors.length > 0 && (
        <p class="notice error" role="alert">
          {t('alerts.subscriptions.invalid')}
        </p>
      )}
      <form method="post" action={action} class="stack">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <input type="hidden" name="search" value={state.search} />
        <div class="field">
          <label for="subscription-label">{t('alerts.subscriptions.label')}</label>
          <input id="subscription-label" name="label" value={state.label} maxlength={200} />
        </div>
        {subscription || fromSearch ? (
          <input type="hidden" name="kind" value={state.kind} />
        ) : (
          <fieldset>
            <legend>{t('alerts.subscriptions.kind')}</legend>
            {(['search', 'objects'] as const).map((kind) => (
              <p class="checkbox">
                <input id={`subscription-kind-${kind}`} type="radio" name="kind" value={kind} checked={state.kind === kind} />
                <label for={`subscription-kind-${kind}`}>{t(`alerts.subscriptions.kind.${kind}`)}</label>
              </p>
            ))}
          </fieldset>
        )}
        {state.kind === 'search' && (subscription || fromSearch) && (
          <div class="field">
            <p>{t('alerts.subscriptions.query')}</p>
            <ul>
              {querySummary(query, page).map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          </div>
        )}
        {(state.kind === 'objects' || (!subscription && !fromSearch)) && (
          <div class="field">
            <label for="subscription-objects">{t('alerts.subscriptions.objects')}</label>
            <textarea id="subscription-objects" name="objectIds" rows={4} aria-invalid={errors.some((error) => error.field.startsWith('objectIds')) || undefined}>
              {state.objectIds}
            </textarea>
            <FieldError errors={errors} field="objectIds" />
          </div>
        )}
        <fieldset>
          <legend>{t('alerts.subscriptions.channels')}</legend>
          <p class="checkbox">
            <input id="subscription-in-app" type="checkbox" name="inApp" value="1" checked={state.channels.inApp} />
            <label for="subscription-in-app">{t('alerts.subscriptions.inApp')}</label>
          </p>
          <div class="field">
            <label for="subscription-email">{t('alerts.subscriptions.email')}</label>
            <select id="subscription-email" name="email">
              {EMAIL_MODES.map((mode) => (
                <option value={mode} selected={state.channels.email === mode}>
                  {t(`alerts.subscriptions.email.${mode}`)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="subscription-webhook">{t('alerts.subscriptions.webhook')}</label>
            <select id="subscription-webhook" name="webhookId" aria-invalid={errors.some((error) => error.field.startsWith('channels')) || undefined}>
              <option value="" selected={state.channels.webhookId === null}>
                {t('alerts.subscriptions.webhook.none')}
              </option>
              {webhooks.map((webhook) => (
                <option value={String(webhook.id)} selected={state.channels.webhookId === webhook.id}>
                  {webhook.label} ({webhook.url})
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="channels" />
            <p class="hint">
              <a href={`/${lang}/alerts/webhooks`}>{t('alerts.subscriptions.webhook.manage')}</a>
            </p>
          </div>
          <div class="field">
            <label for="subscription-lang">{t('alerts.subscriptions.lang')}</label>
            <select id="subscription-lang" name="lang">
              {LANGUAGES.map((other) => (
                <option value={other} selected={state.lang === other}>
                  {t(`language.${other}`)}
                </option>
              ))}
            </select>
          </div>
        </fieldset>
        <button type="submit">{subscription ? t('alerts.subscriptions.save') : t('alerts.subscriptions.create')}</button>
      </form>
    </Layout>
  );
}

function UnsubscribePage({ page, token, subscription, done }: { page: PageContext; token: string; subscription: Subscription | undefined; done: boolean }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('alerts.unsubscribe.title')}>
      <h1>{t('alerts.unsubscribe.title')}</h1>
      {!subscription ? (
        <p>{t('alerts.unsubscribe.unknown')}</p>
      ) : done ? (
        <p class="notice success" role="status">
          {t('alerts.unsubscribe.done', { label: subscription.label })}
        </p>
      ) : (
        <form method="post" action={`/${lang}/alerts/unsubscribe/${encodeURIComponent(token)}`}>
          <p>{t('alerts.unsubscribe.lead', { label: subscription.label })}</p>
          <button type="submit">{t('alerts.unsubscribe.confirm')}</button>
        </form>
      )}
    </Layout>
  );
}

import { Hono, type Context } from 'hono';
import { DomainError, type FieldIssue } from '../../errors.js';
import { CSRF_FIELD, isValidCsrf } from '../../http/csrf.js';
import type { AppEnv } from '../../http/env.js';
import { translator } from '../../i18n/i18n.js';
import { describedBy, ErrorSummary, Field, fieldId, formatDateTime, issuesFor } from '../../registry/object.components.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { pageNumber, Pagination, queryString } from '../../web/pagination.js';
import { forbiddenPage, loginRedirect, notFoundPage, renderPage, type PageOptions } from '../../web/page-responses.js';
import { postedText } from '../../web/posted-text.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER } from './webhook-signature.js';
import { ATTEMPTS_PER_PAGE, WebhookUrlError, type AttemptView, type WebhookService, type WebhookView } from './webhook.service.js';

const BASE = '/alerts/webhooks';
const ACTIONS = ['test', 'pause', 'resume', 'delete'] as const;
type Action = (typeof ACTIONS)[number];
/** The notice after each action (`?saved=`). */
const SAVED: Record<Exclude<Action, 'delete'>, 'tested' | 'paused' | 'resumed'> = { test: 'tested', pause: 'paused', resume: 'resumed' };

export interface WebhookPageOptions extends PageOptions {
  /** Failed attempts in a row after which Egide pauses a webhook (said in the verification notes). */
  pauseAfter: number;
}

const path = (lang: string, id?: number) => `/${lang}${BASE}${id === undefined ? '' : `/${id}`}`;

/**
 * `/{lang}/alerts/webhooks`: the organisation's webhooks (register one — its secret shown once —,
 * test, pause, resume, delete) and how receivers verify deliveries; `/{lang}/alerts/webhooks/{id}`:
 * one webhook with its delivery log. Signed-in people, for their organisation; forms work without
 * JavaScript.
 */
export function webhookPages(webhooks: WebhookService, options: WebhookPageOptions) {
  const list = async (c: Context<AppEnv>, form: { values: { label: string; url: string }; errors: FieldIssue[] } | undefined, created?: { webhook: WebhookView; secret: string }, status: 200 | 201 | 400 | 409 = 200) => {
    const items = await webhooks.list(c.get('principal')!);
    const deleted = c.req.query('deleted') === '1';
    return renderPage(c, options, (page) => <WebhooksPage page={page} items={items} form={form} created={created} deleted={deleted} pauseAfter={options.pauseAfter} />, status);
  };

  return new Hono<AppEnv>()
    .get(`/:lang${BASE}`, async (c) => {
      if (!c.get('principal')) return loginRedirect(c);
      return list(c, undefined);
    })
    .post(`/:lang${BASE}`, async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const values = { label: postedText(form, 'label'), url: postedText(form, 'url') };
      try {
        return await list(c, undefined, await webhooks.create(principal, values), 201);
      } catch (error) {
        if (!(error instanceof DomainError) || (error.kind !== 'invalid' && error.kind !== 'conflict')) throw error;
        const t = translator(c.get('lang'));
        const errors: FieldIssue[] =
          error instanceof WebhookUrlError
            ? [{ field: 'url', message: t(`webhooks.refused.${error.reason}`) }]
            : error.kind === 'conflict'
              ? [{ field: 'label', message: t('webhooks.error.limit') }]
              : [{ field: 'label', message: t('webhooks.error.label') }];
        return list(c, { values, errors }, undefined, error.kind === 'conflict' ? 409 : 400);
      }
    })
    .get(`/:lang${BASE}/:id`, async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const id = Number(c.req.param('id'));
      const current = pageNumber(c.req.query('page'));
      try {
        const [webhook, log] = await Promise.all([webhooks.get(principal, id), webhooks.attempts(principal, id, current)]);
        const saved = c.req.query('saved');
        const notice = (Object.values(SAVED) as string[]).includes(saved ?? '') ? (saved as (typeof SAVED)[keyof typeof SAVED]) : undefined;
        return renderPage(c, options, (page) => <WebhookPage page={page} webhook={webhook} log={log} current={current} notice={notice} />);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not-found') return notFoundPage(c, options);
        throw error;
      }
    })
    .post(`/:lang${BASE}/:id/:action`, async (c) => {
      const principal = c.get('principal');
      if (!principal) return loginRedirect(c);
      const action = c.req.param('action') as Action;
      if (!ACTIONS.includes(action)) return notFoundPage(c, options);
      const form = await c.req.parseBody();
      if (!isValidCsrf(c, form[CSRF_FIELD])) return forbiddenPage(c, options);
      const id = Number(c.req.param('id'));
      const lang = c.get('lang');
      try {
        if (action === 'delete') {
          await webhooks.delete(principal, id);
          return c.redirect(`${path(lang)}?deleted=1`, 303);
        }
        await { test: () => webhooks.sendTest(principal, id), pause: () => webhooks.pause(principal, id), resume: () => webhooks.resume(principal, id) }[action]();
        return c.redirect(`${path(lang, id)}?saved=${SAVED[action]}${action === 'test' ? '#log' : ''}`, 303);
      } catch (error) {
        if (error instanceof DomainError && error.kind === 'not-found') return notFoundPage(c, options);
        throw error;
      }
    });
}

function StatusLine({ webhook, page }: { webhook: WebhookView; page: PageContext }) {
  const { t, lang } = page;
  return (
    <p class="object-item-status">
      <span class={`badge webhook-${webhook.status}`}>{t(`webhooks.status.${webhook.status}`)}</span>{' '}
      {webhook.status === 'paused' && webhook.pausedAt && (
        <span>{webhook.pauseReason === 'failures' ? t('webhooks.paused.failures', { date: formatDateTime(webhook.pausedAt, lang) }) : t('webhooks.paused.owner', { date: formatDateTime(webhook.pausedAt, lang) })}</span>
      )}
      {webhook.status === 'active' && webhook.consecutiveFailures > 0 && <span class="muted">{t('webhooks.failures', { count: webhook.consecutiveFailures })}</span>}
    </p>
  );
}

/** The buttons of a webhook: each a small form posting its action (no JavaScript needed). */
function Actions({ webhook, page }: { webhook: WebhookView; page: PageContext }) {
  const { t, lang } = page;
  const actions: Action[] = ['test', webhook.status === 'active' ? 'pause' : 'resume', 'delete'];
  return (
    <div class="actions-row">
      {actions.map((action) => (
        <form method="post" action={`${path(lang, webhook.id)}/${action}`}>
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <button type="submit" class={action === 'delete' ? 'danger' : 'secondary'}>
            {t(`webhooks.${action}`)}
          </button>
        </form>
      ))}
    </div>
  );
}

interface WebhooksPageProps {
  page: PageContext;
  items: WebhookView[];
  form: { values: { label: string; url: string }; errors: FieldIssue[] } | undefined;
  created: { webhook: WebhookView; secret: string } | undefined;
  deleted: boolean;
  pauseAfter: number;
}

function WebhooksPage({ page, items, form, created, deleted, pauseAfter }: WebhooksPageProps) {
  const { t, lang } = page;
  const errors = form?.errors ?? [];
  const labels: Record<string, string> = { label: t('webhooks.field.label'), url: t('webhooks.field.url') };
  return (
    <Layout page={page} title={t('webhooks.title')} description={t('webhooks.lead')}>
      <h1>{t('webhooks.title')}</h1>
      <p class="lead">{t('webhooks.lead')}</p>
      <p>
        <a href={`/${lang}/alerts/subscriptions`}>{t('webhooks.subscriptions')}</a>
      </p>
      {deleted && (
        <p class="notice success" role="status">
          {t('webhooks.deleted')}
        </p>
      )}
      {created && (
        <section class="notice success" role="status" aria-labelledby="webhook-secret">
          <h2 id="webhook-secret">{t('webhooks.secret.title', { label: created.webhook.label })}</h2>
          <p>{t('webhooks.secret.once')}</p>
          <p>
            <code class="webhook-secret" data-webhook-secret>
              {created.secret}
            </code>
          </p>
        </section>
      )}
      {items.length === 0 ? (
        <p class="empty">{t('webhooks.none')}</p>
      ) : (
        <ul class="object-list webhooks">
          {items.map((webhook) => (
            <li class="object-item" id={`webhook-${webhook.id}`}>
              <div class="object-item-body">
                <h2>
                  <a href={path(lang, webhook.id)}>{webhook.label}</a>
                </h2>
                <p class="webhook-url">
                  <code>{webhook.url}</code>
                </p>
                <StatusLine webhook={webhook} page={page} />
                <p class="muted">{t('webhooks.owner', { name: webhook.owner.name, organisation: webhook.organisation.name, date: formatDateTime(webhook.createdAt, lang) })}</p>
                <Actions webhook={webhook} page={page} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="webhook-new">
        <h2 id="webhook-new">{t('webhooks.new')}</h2>
        <ErrorSummary errors={errors} page={page} label={(field) => labels[field] ?? field} />
        <form method="post" action={path(lang)} class="stack">
          <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
          <Field name="label" label={labels.label!} errors={issuesFor(errors, 'label')}>
            <input id={fieldId('label')} name="label" type="text" required maxlength={100} value={form?.values.label ?? ''} {...describedBy('label', issuesFor(errors, 'label'), false)} />
          </Field>
          <Field name="url" label={labels.url!} hint={t('webhooks.field.url.hint')} errors={issuesFor(errors, 'url')}>
            <input id={fieldId('url')} name="url" type="url" required maxlength={2000} inputmode="url" placeholder="https://hooks.example.org/egide" value={form?.values.url ?? ''} {...describedBy('url', issuesFor(errors, 'url'), true)} />
          </Field>
          <button type="submit">{t('webhooks.create')}</button>
        </form>
      </section>
      <section aria-labelledby="webhook-verify">
        <h2 id="webhook-verify">{t('webhooks.verify.title')}</h2>
        <p>{t('webhooks.verify.headers', { body: '{"id", "event", "createdAt", "data"}', signature: `${SIGNATURE_HEADER}: t=…,v1=…`, delivery: DELIVERY_HEADER, event: EVENT_HEADER })}</p>
        <p>{t('webhooks.verify.replay')}</p>
        <pre class="code">
          <code>{VERIFY_EXAMPLE}</code>
        </pre>
        <p>{t('webhooks.verify.retries', { count: pauseAfter })}</p>
      </section>
    </Layout>
  );
}

/** What a receiver runs (Node.js), the same as webhook-signature.ts's verifyWebhookSignature. */
const VERIFY_EXAMPLE = `const [t, v1] = header.split(',').map((part) => part.split('=')[1]);
const expected = crypto.createHmac('sha256', secret).update(\`\${t}.\${rawBody}\`).digest('hex');
const fresh = Math.abs(Date.now() / 1000 - Number(t)) <= 300;
const valid = fresh && crypto.timingSafeEqual(Buffer.from(v1, 'hex'), Buffer.from(expected, 'hex'));`;

interface WebhookPageProps {
  page: PageContext;
  webhook: WebhookView;
  log: { items: AttemptView[]; total: number };
  current: number;
  notice: 'tested' | 'paused' | 'resumed' | undefined;
}

function WebhookPage({ page, webhook, log, current, notice }: WebhookPageProps) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={`${webhook.label} · ${t('webhooks.title')}`}>
      <p>
        <a href={path(lang)}>{t('webhooks.back')}</a>
      </p>
      <h1>{webhook.label}</h1>
      <p class="webhook-url">
        <code>{webhook.url}</code>
      </p>
      {notice && (
        <p class="notice success" role="status">
          {t(`webhooks.saved.${notice}`)}
        </p>
      )}
      <StatusLine webhook={webhook} page={page} />
      <p class="muted">{t('webhooks.owner', { name: webhook.owner.name, organisation: webhook.organisation.name, date: formatDateTime(webhook.createdAt, lang) })}</p>
      <Actions webhook={webhook} page={page} />
      <section aria-labelledby="log" id="log">
        <h2 id="log-title">{t('webhooks.log')}</h2>
        <p class="lead">{t('webhooks.log.lead')}</p>
        {log.items.length === 0 ? (
          <p class="empty">{t('webhooks.log.none')}</p>
        ) : (
          <div class="table-scroll" role="region" aria-labelledby="log-title" tabindex={0}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('webhooks.log.when')}</th>
                  <th scope="col">{t('webhooks.log.event')}</th>
                  <th scope="col">{t('webhooks.log.attempt')}</th>
                  <th scope="col">{t('webhooks.log.status')}</th>
                  <th scope="col">{t('webhooks.log.duration')}</th>
                  <th scope="col">{t('webhooks.log.outcome')}</th>
                  <th scope="col">{t('webhooks.log.delivery')}</th>
                </tr>
              </thead>
              <tbody>
                {log.items.map((attempt) => (
                  <tr>
                    <td>
                      <time datetime={attempt.at}>{formatDateTime(attempt.at, lang)}</time>
                    </td>
                    <td>{attempt.event}</td>
                    <td>{attempt.attempt}</td>
                    <td>{attempt.statusCode ?? t('webhooks.log.noAnswer')}</td>
                    <td>{t('webhooks.log.ms', { ms: attempt.durationMs })}</td>
                    <td>
                      {t(`webhooks.outcome.${attempt.outcome}`)}
                      {attempt.error && attempt.statusCode === null && <span class="muted"> ({attempt.error})</span>}
                    </td>
                    <td>
                      <code>{attempt.deliveryId}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination current={current} total={log.total} pageSize={ATTEMPTS_PER_PAGE} page={page} href={(n) => `${path(lang, webhook.id)}${queryString([['page', n]])}#log`} />
      </section>
    </Layout>
  );
}

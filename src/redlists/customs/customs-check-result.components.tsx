import type { FieldIssue } from '../../errors.js';
import { CSRF_FIELD } from '../../http/csrf.js';
import { describedBy, ErrorSummary, Field, fieldId, Flash, formatDateTime, formatPercent, issuesFor, StatusBadge } from '../../registry/object.components.js';
import type { ObjectStatus } from '../../registry/status.js';
import { Layout } from '../../web/layout.js';
import type { PageContext } from '../../web/page-context.js';
import { customsCheckEvidencePath, customsCheckPath, customsCheckPdfPath, customsCheckPhotoPath, redListCategoryPath } from '../red-list-paths.js';
import { textFor } from '../red-list-text.js';
import { countryLabel, type CountryNames } from './check-countries.js';
import type { CategoryCandidate, CheckContact, Reason, RuleOutcome } from './check-model.js';
import type { CustomsCheck } from './customs-check.js';
import { DECISIONS, MAX_REASON } from './customs-check.schemas.js';
import type { CheckView } from './customs-check.service.js';
import { declaredFactRows, matchText, reasonText } from './reason-text.js';

/** What an officer sent in the decision form, what was wrong with it, and the page's status then. */
export interface DecisionForm {
  values: { decision: string; reason: string };
  errors: FieldIssue[];
  status: 400 | 409;
}

function Reasons({ reasons, page, countries }: { reasons: readonly Reason[]; page: PageContext; countries: CountryNames }) {
  if (reasons.length === 0) return null;
  return (
    <ul class="reasons">
      {reasons.map((reason) => (
        <li>{reasonText(reason, page.lang, countries)}</li>
      ))}
    </ul>
  );
}

/** The answer first, big: release, hold for an expert, or detain, with its reasons. */
function RecommendationBox({ check, page, countries }: { check: CustomsCheck; page: PageContext; countries: CountryNames }) {
  const { t } = page;
  const { action, reasons } = check.assessment.recommendation;
  return (
    <section class={`recommendation recommendation-${action}`} aria-labelledby="recommendation-heading">
      <h2 id="recommendation-heading">{t('customs.page.result.recommendation')}</h2>
      <p class="recommendation-text">{t(`customs.page.action.${action}`)}</p>
      <Reasons reasons={reasons} page={page} countries={countries} />
      <p class="hint">{t('customs.page.result.officerDecides')}</p>
    </section>
  );
}

function FactsSummary({ check, page, countries }: { check: CustomsCheck; page: PageContext; countries: CountryNames }) {
  const { t, lang } = page;
  const rows = declaredFactRows(check.facts, lang, countries);
  if (check.place?.text) rows.push([t('customs.form.place'), check.place.text]);
  return (
    <details class="panel facts-declared">
      <summary>{t('customs.page.result.facts')}</summary>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </details>
  );
}

/** The registry's answer, with the check's photos and the evidence of each match: for everyone who may read the check. */
function RegistrySection({ check, page }: { check: CustomsCheck; page: PageContext }) {
  const { t, lang } = page;
  const photos = check.identificationIds.map((_, i) => i + 1);
  return (
    <section aria-labelledby="registry-heading">
      <h2 id="registry-heading">{t('customs.page.result.registry')}</h2>
      {photos.length === 0 ? (
        <p>{t('customs.page.result.registry.noPhoto')}</p>
      ) : (
        <ul class="gallery" aria-label={t('customs.page.result.photos')}>
          {photos.map((n) => (
            <li>
              <a href={customsCheckPhotoPath(check.id, n)}>
                <img src={customsCheckPhotoPath(check.id, n, 'thumbnail')} alt={t('customs.page.result.photo', { n })} loading="lazy" decoding="async" />
              </a>
            </li>
          ))}
        </ul>
      )}
      {photos.length > 0 && check.assessment.registry.length === 0 && <p>{t('customs.page.result.registry.none')}</p>}
      {check.assessment.registry.map((match) => (
        <article class="candidate">
          <h3>
            <a href={`/${lang}/objects/${match.objectId}`}>{match.title}</a>
          </h3>
          <p class="object-item-status">
            <span class={`badge verdict-badge verdict-${match.verdict}`}>{t(match.verdict === 'match' ? 'identify.candidate.match' : 'identify.candidate.possible')}</span>{' '}
            <StatusBadge status={match.status as ObjectStatus} t={t} /> {t('identify.candidate.score', { score: formatPercent(match.score, lang) })}
          </p>
          <figure class="evidence">
            <a href={customsCheckEvidencePath(check.id, match.objectId)} aria-label={t('identify.evidence.open')}>
              <img src={customsCheckEvidencePath(check.id, match.objectId)} alt={t('identify.evidence.alt', { title: match.title })} loading="lazy" decoding="async" />
            </a>
            <figcaption>{t('identify.evidence.caption')}</figcaption>
          </figure>
        </article>
      ))}
    </section>
  );
}

function CategoryItem({ category, page, countries }: { category: CategoryCandidate; page: PageContext; countries: CountryNames }) {
  const { t, lang } = page;
  const name = textFor(category.name, lang, []);
  return (
    <li class="category-candidate">
      <p>
        <a href={redListCategoryPath(lang, category.listSlug, category.categoryId, category.edition)} lang={name.lang === lang ? undefined : name.lang}>
          <strong>{name.text}</strong>
        </a>{' '}
        <span class="score">{t('customs.page.result.category.score', { score: formatPercent(category.score, lang) })}</span>
      </p>
      <ul class="reasons">
        {category.reasons.map((reason) => (
          <li>{matchText(reason, lang, countries)}</li>
        ))}
      </ul>
      {category.euAnnex && <p class="hint">{t('customs.page.result.category.annex', { letter: category.euAnnex })}</p>}
    </li>
  );
}

function CategoriesSection({ check, page, countries }: { check: CustomsCheck; page: PageContext; countries: CountryNames }) {
  const { t } = page;
  const { categories } = check.assessment;
  return (
    <section aria-labelledby="categories-heading">
      <h2 id="categories-heading">{t('customs.page.result.categories')}</h2>
      {categories.length === 0 ? (
        <p>{t(check.editions.lists.length === 0 ? 'customs.page.result.categories.noLists' : 'customs.page.result.categories.none')}</p>
      ) : (
        <ol class="categories-ranked">
          {categories.map((category) => (
            <CategoryItem category={category} page={page} countries={countries} />
          ))}
        </ol>
      )}
    </section>
  );
}

function RuleItem({ rule, page, countries }: { rule: RuleOutcome; page: PageContext; countries: CountryNames }) {
  const { t, lang } = page;
  return (
    <article class={`rule rule-${rule.applies}`}>
      <h3>
        {t(`customs.page.result.rule.${rule.rule}`)}
        {rule.convention ? ` — ${t(`customs.page.result.convention.${rule.convention}`)}` : ''} <span class={`badge applies-${rule.applies}`}>{t(`customs.page.result.applies.${rule.applies}`)}</span>
      </h3>
      <Reasons reasons={rule.reasons} page={page} countries={countries} />
      {rule.missingFacts.length > 0 && <p class="hint">{t('customs.page.result.rule.missing', { facts: rule.missingFacts.map((fact) => t(`customs.page.result.missing.${fact}`)).join(', ') })}</p>}
      {rule.references.length > 0 && (
        <ul class="references">
          {rule.references.map((reference) => {
            const title = reference.title ? `${textFor(reference.title, lang, []).text} (${reference.reference})` : reference.reference;
            return <li>{reference.url ? <a href={reference.url}>{title}</a> : title}</li>;
          })}
        </ul>
      )}
    </article>
  );
}

function Contact({ contact, page, countries }: { contact: CheckContact; page: PageContext; countries: CountryNames }) {
  const { t, lang } = page;
  return (
    <li class="panel contact">
      <p>
        <strong>{contact.name}</strong>
        {contact.organisation ? `, ${contact.organisation}` : ''} · {t(`customs.page.result.contact.${contact.kind}`)} · {countryLabel(contact.country, lang, countries)}
      </p>
      {contact.phone && (
        <p>
          <a href={`tel:${contact.phone.replace(/[^+\d]/g, '')}`}>{contact.phone}</a>
        </p>
      )}
      {contact.email && (
        <p>
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </p>
      )}
      {contact.url && (
        <p>
          <a href={contact.url}>{contact.url}</a>
        </p>
      )}
      {contact.address && <p>{contact.address}</p>}
    </li>
  );
}

function DecisionSection({ view, page, decision }: { view: CheckView; page: PageContext; decision: DecisionForm | undefined }) {
  const { t, lang } = page;
  const { check } = view;
  const recommended = check.assessment.recommendation.action;
  if (check.decision) {
    const overrides = check.decision.decision !== recommended;
    return (
      <section id="decision" aria-labelledby="decision-heading" class="panel">
        <h2 id="decision-heading">{t('customs.page.result.decision')}</h2>
        {decision && (
          <p class="notice error" role="alert">
            {decision.errors.map((issue) => issue.message).join(' ')}
          </p>
        )}
        <p class="decision-text">
          {t(overrides ? 'customs.page.result.decision.overridden' : 'customs.page.result.decision.confirmed', {
            decision: t(`customs.page.decision.${check.decision.decision}`),
            who: check.decision.decidedBy.name,
            date: formatDateTime(check.decision.decidedAt, lang),
          })}
        </p>
        {check.decision.reason && <p>{t('customs.page.result.decision.reason', { reason: check.decision.reason })}</p>}
      </section>
    );
  }
  if (!view.canDecide) return null;
  const errors = decision?.errors ?? [];
  const chosen = decision?.values.decision || recommended;
  const reasonErrors = issuesFor(errors, 'reason');
  const decisionErrors = issuesFor(errors, 'decision');
  const labels: Record<string, string> = { decision: t('customs.form.decision'), reason: t('customs.form.decision.reason') };
  return (
    <section id="decision" aria-labelledby="decision-heading">
      <h2 id="decision-heading">{t('customs.page.result.decision')}</h2>
      <form method="post" action={`${customsCheckPath(lang)}/${check.id}/decision`} class="stack panel decision-form">
        <input type="hidden" name={CSRF_FIELD} value={page.csrf()} />
        <ErrorSummary errors={errors} page={page} label={(field) => labels[field] ?? field} />
        <fieldset class="choices" id={fieldId('decision')} {...describedBy('decision', decisionErrors, false)}>
          <legend>{labels.decision}</legend>
          {DECISIONS.map((option) => (
            <label class="choice">
              <input type="radio" name="decision" value={option} checked={chosen === option} required />
              <span>
                {t(`customs.page.decision.${option}`)}
                {option === recommended ? ` — ${t('customs.form.decision.recommended')}` : ''}
              </span>
            </label>
          ))}
          {decisionErrors.length > 0 && (
            <p class="field-error" id={`${fieldId('decision')}-error`}>
              {decisionErrors.map((issue) => issue.message).join(' ')}
            </p>
          )}
        </fieldset>
        <Field name="reason" label={labels.reason!} hint={t('customs.form.decision.reason.hint')} errors={reasonErrors}>
          <textarea id={fieldId('reason')} name="reason" rows={3} maxlength={MAX_REASON} {...describedBy('reason', reasonErrors, true)}>
            {decision?.values.reason ?? ''}
          </textarea>
        </Field>
        <p>
          <button type="submit" class="big-button">
            {t('customs.form.decision.submit')}
          </button>
        </p>
      </form>
    </section>
  );
}

/** One page for the whole answer: the recommendation first, then the evidence for it, then the decision. */
export function CheckResultPage({ page, view, decision, saved }: { page: PageContext; view: CheckView; decision?: DecisionForm | undefined; saved: boolean }) {
  const { t, lang } = page;
  const { check, countries } = view;
  const { rules, missing, recommendation } = check.assessment;
  return (
    <Layout page={page} title={t('customs.page.result.title')}>
      <h1>{t('customs.page.result.title')}</h1>
      <Flash message={saved ? t('customs.page.result.saved') : undefined} />
      <p class="hint">
        <time datetime={check.createdAt}>{formatDateTime(check.createdAt, lang)}</time> · {check.officer.name} · {check.organisation.name}
        {check.place?.text ? ` · ${check.place.text}` : ''}
      </p>
      <RecommendationBox check={check} page={page} countries={countries} />
      <FactsSummary check={check} page={page} countries={countries} />
      {missing.length > 0 && (
        <section aria-labelledby="missing-heading" class="notice missing">
          <h2 id="missing-heading">{t('customs.page.result.missing')}</h2>
          <ul>
            {missing.map((input) => (
              <li>{t(`customs.page.result.missing.${input}`)}</li>
            ))}
          </ul>
        </section>
      )}
      <RegistrySection check={check} page={page} />
      <CategoriesSection check={check} page={page} countries={countries} />
      <section aria-labelledby="rules-heading">
        <h2 id="rules-heading">{t('customs.page.result.rules')}</h2>
        {rules.map((rule) => (
          <RuleItem rule={rule} page={page} countries={countries} />
        ))}
      </section>
      {recommendation.contacts.length > 0 && (
        <section aria-labelledby="contacts-heading">
          <h2 id="contacts-heading">{t('customs.page.result.contacts')}</h2>
          <ul class="contacts">
            {recommendation.contacts.map((contact) => (
              <Contact contact={contact} page={page} countries={countries} />
            ))}
          </ul>
        </section>
      )}
      <DecisionSection view={view} page={page} decision={decision} />
      <p class="actions-row">
        <a class="button secondary" href={customsCheckPdfPath(lang, check.id)}>
          {t('customs.page.result.pdf')}
        </a>{' '}
        <a class="button secondary" href={customsCheckPath(lang)}>
          {t('customs.page.new')}
        </a>{' '}
        <a href={`${customsCheckPath(lang)}/history`}>{t('customs.page.history')}</a>
      </p>
    </Layout>
  );
}

import { translator, type Translate } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { renderPdf } from '../../pdf/pdf-document.js';
import { ACCENT, MUTED, type PdfLayout } from '../../pdf/pdf-layout.js';
import { formatDateTime, formatPercent } from '../../registry/object.components.js';
import type { ObjectStatus } from '../../registry/status.js';
import { textFor } from '../red-list-text.js';
import type { CategoryCandidate, RuleOutcome } from './check-model.js';
import { countryLabel, type CountryNames } from './check-countries.js';
import type { CustomsCheck } from './customs-check.js';
import type { CheckView } from './customs-check.service.js';
import { declaredFactRows, matchText, reasonText } from './reason-text.js';

/** Reads a check's images with the reader's rights: its photo `n` (from 1), the evidence of a registry match. */
export interface CheckImages {
  photo(n: number): Promise<Buffer>;
  evidence(objectId: string): Promise<Buffer>;
}

/**
 * The printable record of one customs check, in `lang`: who checked, when and where, its photos,
 * what was declared and what the check lacked, the registry's matches, the Red
 * List categories with their reasons, the rules, the recommendation and the officer's decision.
 */
export async function renderCheckReport({ check, countries }: Pick<CheckView, 'check' | 'countries'>, lang: Lang, images: CheckImages): Promise<Buffer> {
  const t = translator(lang);
  const report = new CheckReport(check, countries, lang, t, images);
  return renderPdf(
    {
      title: `${t('booklet.checkReport.title')} ${check.id}`,
      lang,
      author: check.officer.name,
      footer: (page, pages) => ({ title: t('booklet.checkReport.footer', { id: check.id }), page: t('booklet.page', { page, pages }) }),
    },
    (layout) => report.draw(layout),
  );
}

class CheckReport {
  constructor(
    private readonly check: CustomsCheck,
    private readonly countries: CountryNames,
    private readonly lang: Lang,
    private readonly t: Translate,
    private readonly images: CheckImages,
  ) {}

  async draw(layout: PdfLayout): Promise<void> {
    const { check, t, lang } = this;
    layout.newPage();
    layout.paragraph(t('booklet.checkReport.title'), { font: 'bold', size: 20, color: ACCENT, gap: 4 });
    layout.paragraph(t('booklet.checkReport.confidential'), { font: 'italic', size: 9, gap: 10 });
    layout.field(t('booklet.checkReport.id'), check.id);
    layout.field(t('booklet.checkReport.when'), formatDateTime(check.createdAt, lang));
    layout.field(t('booklet.checkReport.officer'), check.officer.name);
    layout.field(t('booklet.checkReport.organisation'), check.organisation.name);
    if (check.place?.text) layout.field(t('booklet.checkReport.place'), check.place.text);
    if (check.place?.latitude !== undefined && check.place.longitude !== undefined) layout.field(t('booklet.checkReport.position'), `${check.place.latitude}, ${check.place.longitude}`);
    layout.space(8);
    this.recommendation(layout);
    this.decision(layout);
    await this.photos(layout);
    this.facts(layout);
    await this.registry(layout);
    this.categories(layout);
    this.rules(layout);
    this.contacts(layout);
    layout.space(8);
    const lists = check.editions.lists.map((list) => t('booklet.checkReport.edition', { list: list.slug, edition: list.edition })).join(', ');
    layout.paragraph(lists ? t('booklet.checkReport.engine', { engine: check.editions.engine, lists }) : t('customs.page.result.categories.noLists'), { size: 8.5, color: MUTED });
  }

  private recommendation(layout: PdfLayout): void {
    const { action, reasons } = this.check.assessment.recommendation;
    layout.heading(this.t('customs.page.result.recommendation'), 2);
    layout.notice(this.t(`customs.page.action.${action}`), { size: 14 });
    layout.bullets(reasons.map((reason) => reasonText(reason, this.lang, this.countries)));
  }

  private decision(layout: PdfLayout): void {
    const { t } = this;
    const { decision, assessment } = this.check;
    layout.heading(t('customs.page.result.decision'), 2);
    if (!decision) {
      layout.paragraph(t('customs.page.history.undecided'));
      return;
    }
    const overrides = decision.decision !== assessment.recommendation.action;
    layout.paragraph(
      t(overrides ? 'customs.page.result.decision.overridden' : 'customs.page.result.decision.confirmed', {
        decision: t(`customs.page.decision.${decision.decision}`),
        who: decision.decidedBy.name,
        date: formatDateTime(decision.decidedAt, this.lang),
      }),
      { font: 'bold' },
    );
    if (decision.reason) layout.paragraph(t('customs.page.result.decision.reason', { reason: decision.reason }));
  }

  private async photos(layout: PdfLayout): Promise<void> {
    const { t } = this;
    const { identificationIds } = this.check;
    if (identificationIds.length === 0) return;
    layout.heading(t('booklet.checkReport.photos'), 2);
    await layout.imageGrid(
      identificationIds.map((_, i) => ({ read: () => this.images.photo(i + 1), caption: [t('booklet.checkReport.photo', { n: i + 1 })] })),
      t('booklet.example.unavailable'),
      { height: 220 },
    );
  }

  private facts(layout: PdfLayout): void {
    const { t, lang } = this;
    const { facts, assessment } = this.check;
    layout.heading(t('customs.page.result.facts'), 2);
    for (const [label, value] of declaredFactRows(facts, lang, this.countries)) layout.field(t('booklet.checkReport.label', { label }), value);
    if (assessment.missing.length > 0) {
      layout.paragraph(t('customs.page.result.missing'), { font: 'bold', gap: 2 });
      layout.bullets(assessment.missing.map((input) => t(`customs.page.result.missing.${input}`)));
    }
  }

  /** Each match with its evidence (the check's photo beside the registry's), as the result page shows it. */
  private async registry(layout: PdfLayout): Promise<void> {
    const { t, lang } = this;
    const { registry } = this.check.assessment;
    layout.heading(t('customs.page.result.registry'), 2);
    if (this.check.identificationIds.length === 0) return layout.paragraph(t('customs.page.result.registry.noPhoto'));
    if (registry.length === 0) return layout.paragraph(t('customs.page.result.registry.none'));
    for (const match of registry) {
      layout.keepTogether(200);
      layout.paragraph(`${match.title} (${match.objectId})`, { font: 'bold', gap: 1 });
      const verdict = t(match.verdict === 'match' ? 'identify.candidate.match' : 'identify.candidate.possible');
      layout.paragraph([verdict, t(`status.${match.status as ObjectStatus}`), t('identify.candidate.score', { score: formatPercent(match.score, lang) })].join(' · '), { indent: 12, gap: 6 });
      await layout.imageGrid([{ read: () => this.images.evidence(match.objectId), caption: [t('identify.evidence.caption')] }], t('booklet.example.unavailable'), { height: 160 });
    }
  }

  private categories(layout: PdfLayout): void {
    const { t, check } = this;
    const { categories } = check.assessment;
    layout.heading(t('customs.page.result.categories'), 2);
    if (categories.length === 0) return layout.paragraph(t(check.editions.lists.length === 0 ? 'customs.page.result.categories.noLists' : 'customs.page.result.categories.none'));
    categories.forEach((category, index) => this.category(layout, category, index + 1));
  }

  private category(layout: PdfLayout, category: CategoryCandidate, rank: number): void {
    const { t, lang } = this;
    layout.keepTogether(60);
    const name = textFor(category.name, lang, []).text;
    layout.paragraph(`${rank}. ${name} — ${t('customs.page.result.category.score', { score: formatPercent(category.score, lang) })}`, { font: 'bold', gap: 1 });
    layout.paragraph(t('booklet.checkReport.edition', { list: category.listSlug, edition: category.edition }), { indent: 12, size: 8.5, gap: 2 });
    layout.bullets(
      category.reasons.map((reason) => matchText(reason, lang, this.countries)),
      { indent: 12 },
    );
    if (category.euAnnex) layout.paragraph(t('customs.page.result.category.annex', { letter: category.euAnnex }), { indent: 12 });
  }

  private rules(layout: PdfLayout): void {
    layout.heading(this.t('customs.page.result.rules'), 2);
    for (const rule of this.check.assessment.rules) this.rule(layout, rule);
  }

  private rule(layout: PdfLayout, rule: RuleOutcome): void {
    const { t, lang } = this;
    layout.keepTogether(50);
    const title = t(`customs.page.result.rule.${rule.rule}`) + (rule.convention ? ` — ${t(`customs.page.result.convention.${rule.convention}`)}` : '');
    layout.paragraph(t('booklet.checkReport.rule', { rule: title, applies: t(`customs.page.result.applies.${rule.applies}`) }), { font: 'bold', gap: 2 });
    layout.bullets(
      rule.reasons.map((reason) => reasonText(reason, lang, this.countries)),
      { indent: 12 },
    );
    if (rule.missingFacts.length > 0) {
      layout.paragraph(t('customs.page.result.rule.missing', { facts: rule.missingFacts.map((fact) => t(`customs.page.result.missing.${fact}`)).join(', ') }), { indent: 12, font: 'italic' });
    }
    for (const reference of rule.references) {
      const cited = reference.title ? `${textFor(reference.title, lang, []).text} (${reference.reference})` : reference.reference;
      layout.field(t('booklet.law.reference'), reference.url ? `${cited} — ${reference.url}` : cited, { indent: 12 });
    }
    layout.space(4);
  }

  private contacts(layout: PdfLayout): void {
    const { t, lang } = this;
    const { contacts } = this.check.assessment.recommendation;
    if (contacts.length === 0) return;
    layout.heading(t('customs.page.result.contacts'), 2);
    for (const contact of contacts) {
      layout.keepTogether(50);
      layout.paragraph(`${contact.name}${contact.organisation ? `, ${contact.organisation}` : ''} · ${t(`customs.page.result.contact.${contact.kind}`)} · ${countryLabel(contact.country, lang, this.countries)}`, { font: 'bold', gap: 1 });
      if (contact.phone) layout.field(t('booklet.contact.phone'), contact.phone, { indent: 12 });
      if (contact.email) layout.field(t('booklet.contact.email'), contact.email, { indent: 12 });
      if (contact.url) layout.field(t('booklet.contact.website'), contact.url, { indent: 12 });
      if (contact.address) layout.field(t('booklet.contact.address'), contact.address, { indent: 12 });
      layout.space(4);
    }
  }
}

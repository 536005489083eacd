import type { Writable } from 'node:stream';
import { translator, type Translate } from '../i18n/i18n.js';
import type { Lang } from '../i18n/languages.js';
import { renderPdf, writePdf, type PdfMetadata } from '../pdf/pdf-document.js';
import { ACCENT, type PdfLayout } from '../pdf/pdf-layout.js';
import { countryName } from '../registry/object.components.js';
import { groupBy } from '../util/group-by.js';
import type { Category, RedListDocument, Texts } from './red-list-document.js';
import { childrenOf, type PublishedRedList } from './red-list-public.js';
import { formatPeriod, textFor } from './red-list-text.js';

/** Reads an example's display rendition (≤ 1600 px JPEG) by its image name. */
export type ReadBookletImage = (name: string) => Promise<Buffer>;
type BookletList = Pick<PublishedRedList, 'document' | 'publishedAt'>;

/**
 * The printable booklet of a published edition in `lang`: a cover, the contents, the introduction,
 * the categories as a tree with their example photos, the legal section and the contacts per
 * country. Texts are in `lang` when the list has them, else in the list's first language; the
 * booklet's own words are in `lang`. Photos are read one row at a time and leave memory once written.
 */
export async function writeRedListBooklet(list: BookletList, lang: Lang, readImage: ReadBookletImage, destination: Writable): Promise<void> {
  const booklet = new Booklet(list, lang, readImage);
  await writePdf(booklet.metadata(), (layout) => booklet.draw(layout), destination);
}

/** The booklet as one buffer (tests, the benchmark); the server writes it to its cache with writeRedListBooklet. */
export async function renderRedListBooklet(list: BookletList, lang: Lang, readImage: ReadBookletImage): Promise<Buffer> {
  const booklet = new Booklet(list, lang, readImage);
  return renderPdf(booklet.metadata(), (layout) => booklet.draw(layout));
}

class Booklet {
  private readonly t: Translate;
  private readonly document: RedListDocument;
  /** The language of the list's texts in this booklet. */
  private readonly textLang: string;

  constructor(
    private readonly list: BookletList,
    private readonly lang: Lang,
    private readonly readImage: ReadBookletImage,
  ) {
    this.t = translator(lang);
    this.document = list.document;
    this.textLang = this.document.languages.includes(lang) ? lang : this.document.languages[0]!;
  }

  metadata(): PdfMetadata {
    const title = this.text(this.document.title);
    return {
      title,
      lang: this.textLang,
      subject: `${this.t('booklet.kind')}: ${this.text(this.document.region.name)}`,
      keywords: this.document.region.countries.join(', '),
      footer: (page, pages) => (page === 1 ? undefined : { title, page: this.t('booklet.page', { page, pages }) }),
    };
  }

  async draw(layout: PdfLayout): Promise<void> {
    this.cover(layout);
    layout.reserveContents(this.t('booklet.contents'), this.contentsEntries());
    layout.heading(this.t('booklet.introduction'), 1, { newPage: true });
    for (const paragraph of paragraphs(this.text(this.document.introduction))) layout.paragraph(paragraph);
    layout.heading(this.t('booklet.categories'), 1, { newPage: true });
    await this.categories(layout, childrenOf(this.document), [], 0);
    this.legal(layout);
    this.contacts(layout);
  }

  /** Every heading the contents list: see draw() and the sections below. */
  private contentsEntries(): number {
    const { legal, categories, contacts } = this.document;
    const legalParts = [legal.conventions, legal.laws, legal.exportRules].filter((part) => part.length > 0).length;
    return 2 + categories.length + (legalParts > 0 ? 1 + legalParts : 0) + (contacts.length > 0 ? 1 + new Set(contacts.map((contact) => contact.country)).size : 0);
  }

  private cover(layout: PdfLayout): void {
    const { document, t } = this;
    layout.newPage();
    layout.space(60);
    layout.paragraph(t('booklet.kind'), { font: 'bold', size: 12, color: ACCENT });
    layout.paragraph(this.text(document.title), { font: 'bold', size: 26, gap: 10 });
    layout.paragraph(this.text(document.region.name), { size: 16, gap: 10 });
    const edition = t('booklet.cover.edition', { edition: document.edition.number, year: document.edition.year });
    layout.paragraph(document.edition.label ? `${edition} — ${this.text(document.edition.label)}` : edition, { size: 12 });
    layout.field(t('booklet.cover.countries'), document.region.countries.map((code) => countryName(code, this.lang)).join(', '));
    layout.paragraph(t('booklet.cover.published', { date: new Intl.DateTimeFormat(this.lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(this.list.publishedAt)) }), { gap: 24 });
    if (document.demonstration) layout.notice(t('booklet.cover.demonstration'), { size: 11 });
    if (this.textLang !== this.lang) {
      const language = new Intl.DisplayNames([this.lang], { type: 'language', fallback: 'code' }).of(this.textLang) ?? this.textLang;
      layout.paragraph(t('booklet.cover.otherLanguage', { language }), { font: 'italic', gap: 12 });
    }
    layout.notice(this.text(document.disclaimer));
  }

  /** The categories under one parent, depth first, numbered `1`, `1.2`…; each top-level one on a new page. */
  private async categories(layout: PdfLayout, categories: readonly Category[], number: readonly number[], depth: number): Promise<void> {
    for (const [index, category] of categories.entries()) {
      const numbering = [...number, index + 1];
      layout.heading(`${numbering.join('.')} ${this.text(category.name)}`, depth === 0 ? 2 : depth === 1 ? 3 : 4, { newPage: depth === 0 && index > 0 });
      await this.category(layout, category);
      await this.categories(layout, childrenOf(this.document, category.id), numbering, depth + 1);
    }
  }

  private async category(layout: PdfLayout, category: Category): Promise<void> {
    const { t } = this;
    if (category.period) {
      const years = formatPeriod(category.period, t, this.lang);
      layout.field(t('booklet.category.period'), category.period.label ? `${this.text(category.period.label)} (${years})` : years);
    }
    if (category.regionOrCulture) layout.field(t('booklet.category.region'), this.text(category.regionOrCulture));
    if (category.description) for (const paragraph of paragraphs(this.text(category.description))) layout.paragraph(paragraph);
    if (category.features) {
      layout.paragraph(t('booklet.category.features'), { font: 'bold', gap: 2 });
      layout.bullets(lines(this.text(category.features)));
    }
    if (category.examples.length === 0) return;
    await layout.imageGrid(
      category.examples.map((example) => ({
        read: () => this.readImage(example.image),
        caption: [
          ...(example.description ? [this.text(example.description)] : []),
          example.institution + (example.inventoryNumber ? ` — ${t('booklet.example.inventory', { number: example.inventoryNumber })}` : ''),
          example.credit,
          t('booklet.example.licence', { licence: example.licence }),
        ],
      })),
      t('booklet.example.unavailable'),
      { intro: t('booklet.category.examples') },
    );
  }

  private legal(layout: PdfLayout): void {
    const { legal } = this.document;
    const { t } = this;
    if (legal.conventions.length + legal.laws.length + legal.exportRules.length === 0) return;
    layout.heading(t('redlists.legal'), 1, { newPage: true });
    if (legal.conventions.length > 0) {
      layout.heading(t('redlists.conventions'), 2);
      for (const [country, statuses] of this.byCountry(legal.conventions)) {
        layout.paragraph(countryName(country, this.lang), { font: 'bold', gap: 2 });
        layout.bullets(
          statuses.map((status) => {
            const ratified = status.ratified === null ? t('booklet.convention.notRatified') : t('booklet.convention.ratified', { year: status.ratified });
            const line = t('booklet.convention.status', { convention: t(`redlists.convention.${status.convention}`), status: ratified });
            return status.note ? `${line} — ${this.text(status.note)}` : line;
          }),
        );
      }
    }
    if (legal.laws.length > 0) {
      layout.heading(t('redlists.laws'), 2);
      for (const [country, laws] of this.byCountry(legal.laws)) {
        layout.paragraph(countryName(country, this.lang), { font: 'bold', gap: 4 });
        for (const law of laws) {
          layout.paragraph(this.text(law.title) + (law.year ? ` (${law.year})` : ''), { font: 'bold', gap: 1, indent: 12 });
          layout.field(t('booklet.law.reference'), law.reference, { indent: 12 });
          if (law.url) layout.field(t('booklet.law.online'), law.url, { indent: 12 });
          if (law.summary) layout.paragraph(this.text(law.summary), { indent: 12 });
          layout.space(4);
        }
      }
    }
    if (legal.exportRules.length > 0) {
      layout.heading(t('redlists.exportRules'), 2);
      for (const [country, rules] of this.byCountry(legal.exportRules)) {
        layout.paragraph(countryName(country, this.lang), { font: 'bold', gap: 4 });
        for (const rule of rules) {
          const age = rule.minimumAgeYears === undefined ? '' : `, ${t('booklet.export.minimumAge', { years: rule.minimumAgeYears })}`;
          layout.paragraph(t(`booklet.export.${rule.rule}`) + age, { font: 'bold', gap: 1, indent: 12 });
          layout.field(t('booklet.export.categories'), rule.categories ? rule.categories.map((id) => this.categoryName(id)).join(', ') : t('booklet.export.allCategories'), { indent: 12 });
          if (rule.law) layout.field(t('booklet.export.law'), rule.law, { indent: 12 });
          if (rule.note) layout.paragraph(this.text(rule.note), { indent: 12 });
          layout.space(4);
        }
      }
    }
  }

  private contacts(layout: PdfLayout): void {
    const { t } = this;
    if (this.document.contacts.length === 0) return;
    layout.heading(t('redlists.contacts'), 1, { newPage: true });
    for (const [country, contacts] of this.byCountry(this.document.contacts)) {
      layout.heading(countryName(country, this.lang), 2);
      for (const contact of contacts) {
        layout.keepTogether(60);
        layout.paragraph(`${t(`redlists.contact.${contact.kind}`)} — ${contact.name}`, { font: 'bold', gap: 1 });
        if (contact.organisation) layout.paragraph(contact.organisation, { indent: 12, gap: 1 });
        if (contact.phone) layout.field(t('booklet.contact.phone'), contact.phone, { indent: 12 });
        if (contact.email) layout.field(t('booklet.contact.email'), contact.email, { indent: 12 });
        if (contact.url) layout.field(t('booklet.contact.website'), contact.url, { indent: 12 });
        if (contact.address) layout.field(t('booklet.contact.address'), contact.address, { indent: 12 });
        if (contact.note) layout.paragraph(this.text(contact.note), { indent: 12 });
        layout.space(6);
      }
    }
  }

  /** Entries grouped by country: the list's region in its order first, then any other country. */
  private byCountry<T extends { country: string }>(entries: readonly T[]): Array<[string, T[]]> {
    const groups = groupBy(entries, (entry) => entry.country);
    const order = [...this.document.region.countries, ...groups.keys()];
    return [...new Set(order)].flatMap((country) => {
      const group = groups.get(country);
      return group ? [[country, group] as [string, T[]]] : [];
    });
  }

  private categoryName(id: string): string {
    const category = this.document.categories.find((candidate) => candidate.id === id);
    return category ? this.text(category.name) : id;
  }

  private text(texts: Texts): string {
    return textFor(texts, this.lang, this.document.languages).text;
  }
}

/** Paragraphs of a text: separated by blank lines. */
const paragraphs = (text: string) => text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
/** Lines of a text (one feature a line), without bullets the author may have typed. */
const lines = (text: string) => text.split('\n').map((line) => line.replace(/^\s*[-•*]\s*/, '').trim()).filter(Boolean);

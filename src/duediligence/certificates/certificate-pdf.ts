import { encodeQr } from '../../auth/qr-code.js';
import { translator, type Translate } from '../../i18n/i18n.js';
import type { Lang } from '../../i18n/languages.js';
import { renderPdf } from '../../pdf/pdf-document.js';
import { ACCENT, MUTED, type PdfLayout } from '../../pdf/pdf-layout.js';
import { countryName, formatDateTime, formatNumber, messageOr } from '../../registry/object.components.js';
import { LOT_DIMENSIONS, type LotFields } from '../lot.js';
import type { Certificate } from './certificate.js';

/** The QR code's side on the page, in points (about 4 cm: a phone reads it from a printout). */
const QR_SIDE = 112;

/**
 * The printable certificate, in `lang`: what was searched, when, against which registry state, by
 * whom, the lot as submitted, the statement that it is not a guarantee of title, and a QR code of
 * its verification address. The signed JSON is the certificate; this is its readable copy.
 */
export function renderCertificatePdf(certificate: Certificate, lang: Lang): Promise<Buffer> {
  const t = translator(lang);
  const { content } = certificate;
  return renderPdf(
    {
      title: `${t('certificate.title')} ${content.id}`,
      lang,
      author: content.by.organisation.name,
      subject: t('certificate.notGuarantee'),
      footer: (page, pages) => ({ title: t('certificate.footer', { id: content.id }), page: t('booklet.page', { page, pages }) }),
    },
    async (layout) => draw(layout, certificate, lang, t),
  );
}

async function draw(layout: PdfLayout, certificate: Certificate, lang: Lang, t: Translate): Promise<void> {
  const { content } = certificate;
  layout.newPage();
  layout.paragraph(t('certificate.title'), { font: 'bold', size: 20, color: ACCENT, gap: 8 });
  qrCode(layout, content.verification.page, t);
  layout.field(t('certificate.id'), content.id);
  layout.field(t('certificate.issuedAt'), formatDateTime(content.issuedAt, lang));
  layout.field(t('certificate.issuedTo'), content.by.organisation.name);
  layout.field(t('certificate.checkedBy'), content.by.name);
  layout.field(t('certificate.check'), t('certificate.lotNumber', { lot: content.lot.lotId, check: content.lot.checkId }));
  layout.field(t('certificate.outcome'), t('certificate.outcome.noMatch'));
  layout.space(6);
  layout.notice(`${t('certificate.notGuarantee')}. ${content.statement[lang]}`, { size: 9.5 });

  layout.heading(t('certificate.searched'), 2);
  layout.field(t('certificate.searchedAt'), formatDateTime(content.searched.at, lang));
  const { registry } = content.searched;
  layout.field(
    t('certificate.registry'),
    t('certificate.registry.counts', { objects: formatNumber(registry.objects, lang), alerts: formatNumber(registry.alerts, lang), photos: formatNumber(registry.photos, lang), version: registry.version }),
  );
  layout.bullets(content.searched.scopes.map((scope) => t(`certificate.scope.${scope}`)));
  findings(layout, certificate, t);
  layout.field(t('certificate.watched'), t(content.watched ? 'certificate.watched.yes' : 'certificate.watched.no'));

  layout.heading(t('certificate.lot'), 2);
  for (const [label, value] of lotFieldRows(content.lot.fields, lang, t)) layout.field(label, value);
  if (content.lot.photos.length > 0) {
    layout.paragraph(t('certificate.photos'), { font: 'bold', gap: 2 });
    layout.bullets(content.lot.photos.map((photo) => t('certificate.photo', { name: photo.name, digest: photo.sha256.slice(0, 16) })));
  }

  layout.heading(t('certificate.verifyAt'), 2);
  layout.paragraph(content.verification.page, { font: 'bold' });
  layout.paragraph(t('certificate.signature', { kid: certificate.kid, keys: content.verification.keys }), { size: 8.5, color: MUTED });
}

/** What the screening found besides matches: a lot without a match may still fall in a Red List category or have provenance gaps. */
function findings(layout: PdfLayout, { content: { evidence } }: Certificate, t: Translate): void {
  const lines = [
    ...(evidence.categories > 0 ? [t('certificate.evidence.categories', { count: evidence.categories })] : []),
    ...(evidence.thresholds.length > 0 ? [t('certificate.evidence.thresholds', { rules: evidence.thresholds.map((threshold) => thresholdText(threshold, t)).join(', ') })] : []),
    ...(evidence.provenanceGaps.length > 0 ? [t('certificate.evidence.gaps', { gaps: evidence.provenanceGaps.map((gap) => t(`certificate.gap.${gap}`)).join(', ') })] : []),
  ];
  if (lines.length === 0) return;
  layout.paragraph(t('certificate.evidence'), { font: 'bold', gap: 2 });
  layout.bullets(lines);
}

/** A threshold as the check summarises it, `rule:applies` (`eu-import-licence:unknown`). */
function thresholdText(threshold: string, t: Translate): string {
  const [rule = threshold, applies] = threshold.split(':');
  const text = messageOr(t, `certificate.threshold.${rule}`, rule);
  return applies === 'unknown' ? t('certificate.threshold.unknown', { rule: text }) : text;
}

/** The QR code of the verification address at the top right, drawn as vector squares (sharp at any print size). */
function qrCode(layout: PdfLayout, url: string, t: Translate): void {
  const modules = encodeQr(url);
  if (!modules) return;
  const { doc } = layout;
  const quiet = 4;
  const unit = QR_SIDE / (modules.length + 2 * quiet);
  const left = doc.page.width - doc.page.margins.right - QR_SIDE;
  const top = doc.page.margins.top;
  doc.save();
  doc.rect(left, top, QR_SIDE, QR_SIDE).fill('#ffffff');
  modules.forEach((row, y) => row.forEach((dark, x) => dark && doc.rect(left + (x + quiet) * unit, top + (y + quiet) * unit, unit, unit)));
  doc.fill('#000000');
  doc.restore();
  doc.font('regular').fontSize(7).fillColor(MUTED).text(t('certificate.qr'), left, top + QR_SIDE + 2, { width: QR_SIDE, align: 'center' });
  // The text below starts under the title, left of the code.
  doc.x = doc.page.margins.left;
  doc.y = Math.max(doc.y, top + 40);
}

/** The lot's fields as submitted, labelled in `lang`; empty ones left out. */
export function lotFieldRows(fields: LotFields, lang: Lang, t: Translate): Array<[string, string]> {
  const rows: Array<[string, string | undefined]> = [
    [t('certificate.field.reference'), fields.reference],
    [t('certificate.field.title'), fields.title],
    [t('certificate.field.maker'), fields.maker],
    [t('certificate.field.inventoryNumbers'), fields.inventoryNumbers?.join(', ')],
    [t('certificate.field.objectType'), fields.objectType],
    [t('certificate.field.material'), fields.material],
    [t('certificate.field.dating'), fields.dating ?? (fields.period ? `${fields.period.from} – ${fields.period.to}` : undefined)],
    [t('certificate.field.originCountry'), fields.originCountry && countryName(fields.originCountry, lang)],
    [t('certificate.field.valueEur'), fields.valueEur === undefined ? undefined : formatNumber(fields.valueEur, lang)],
    [t('certificate.field.measurements'), measurements(fields, lang, t)],
    [t('certificate.field.provenance'), fields.provenance],
    [t('certificate.field.description'), fields.description],
  ];
  return rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
}

function measurements(fields: LotFields, lang: Lang, t: Translate): string | undefined {
  const given = LOT_DIMENSIONS.flatMap((dimension) => {
    const value = fields.measurements?.[dimension];
    return value === undefined ? [] : [t(`certificate.measure.${dimension}`, { value: formatNumber(value, lang) })];
  });
  return given.length > 0 ? given.join(', ') : undefined;
}

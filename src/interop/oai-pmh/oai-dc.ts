/**
 * Simple Dublin Core (oai_dc, the format every OAI-PMH repository must offer) of a registry object:
 * a flat, lossy summary for generic harvesters. LIDO carries the full Object ID record.
 */
import { countryName } from '../aat.js';
import { languageEntries, type ExportableObject, type Links } from '../exportable-object.js';
import { measurementsStatement } from '../measurement-text.js';
import { el, type XmlElement } from '../xml.js';

export const OAI_DC_NS = 'http://www.openarchives.org/OAI/2.0/oai_dc/';
export const OAI_DC_SCHEMA = 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd';
export const DC_NS = 'http://purl.org/dc/elements/1.1/';

const lang = (tag: string) => (/^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/.test(tag) ? tag : undefined);

export function oaiDcElement(o: ExportableObject, links: Links): XmlElement {
  const d = o.description;
  const dc = (name: string, text: string, tag?: string) => el(`dc:${name}`, tag ? { 'xml:lang': lang(tag) } : null, text);
  const perLanguage = (name: string, map: Record<string, string>) => languageEntries(map).map(([tag, text]) => dc(name, text, tag));
  return el(
    'oai_dc:dc',
    {
      'xmlns:oai_dc': OAI_DC_NS,
      'xmlns:dc': DC_NS,
      'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
      'xsi:schemaLocation': `${OAI_DC_NS} ${OAI_DC_SCHEMA}`,
    },
    perLanguage('title', d.title),
    d.makers.map((m) => dc('creator', m.role?.trim() ? `${m.name} (${m.role.trim()})` : m.name)),
    perLanguage('subject', d.subject),
    perLanguage('description', d.description),
    perLanguage('description', d.distinguishingFeatures),
    d.inscriptions.map((i) => dc('description', `${i.kind}${i.position ? ` (${i.position})` : ''}: ${i.text}`)),
    dc('publisher', o.organisation.name),
    d.dating ? dc('date', d.dating.display) : null,
    dc('type', 'PhysicalObject'),
    d.objectType.flatMap((t) => languageEntries(t.label).map(([tag, text]) => dc('type', text, tag))),
    d.measurements.length > 0 ? dc('format', measurementsStatement(d.measurements), 'en') : null,
    [...d.materials, ...d.techniques].flatMap((t) => languageEntries(t.label).map(([tag, text]) => dc('format', text, tag))),
    dc('identifier', links.object(o.id)),
    d.inventoryNumber ? dc('identifier', d.inventoryNumber) : null,
    d.places.map((p) => dc('coverage', p.country ? `${p.name} (${countryName(p.country)})` : p.name)),
    d.crossReferences.map((ref) => dc('relation', ref)),
    d.relatedWrittenMaterial.map((ref) => dc('relation', ref)),
    o.photos.map((photo) => dc('relation', links.photo(photo).display)),
  );
}

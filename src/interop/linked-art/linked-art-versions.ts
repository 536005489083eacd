/**
 * Linked Art as it was published over the years, brought to the names of Linked Art 1.0
 * (https://linked.art/ns/v1/linked-art.json), so that the reader knows one shape. The reader goes by
 * the names a document uses, not by its `@context` (one document may name several, or a museum's
 * own): whatever the context, these older or expanded forms are read.
 *
 * - 0.x (`https://linked.art/ns/context/1/full.jsonld`, 2017–2018): `ManMadeObject`, `label` for
 *   `_label`, `value` for the text of names, identifiers and statements, references written as bare
 *   compact IRIs (`"classified_as": ["aat:300033618"]`, `"unit": "aat:300379100"`).
 * - early 1.0 (the v1 context before CIDOC-CRM 7 renamed E22, e.g. the Indianapolis Museum of Art's
 *   export): `ManMadeObject` with `label` and `content`.
 * - JSON-LD written without the context: `@id`/`@type`, and classes as CIDOC-CRM names
 *   (`crm:E22_Man-Made_Object`, `http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object`).
 * - Identifiers whose text is a number (`"content": 677`).
 */
import { isObject, type Json } from './linked-art-nodes.js';

/** CIDOC-CRM classes (their local names) as Linked Art names them. */
const CRM_CLASSES: Record<string, string> = {
  'E22_Man-Made_Object': 'HumanMadeObject',
  'E22_Human-Made_Object': 'HumanMadeObject',
  E33_Linguistic_Object: 'LinguisticObject',
  E33_E41_Linguistic_Appellation: 'Name',
  E41_Appellation: 'Name',
  E42_Identifier: 'Identifier',
  E55_Type: 'Type',
  E57_Material: 'Material',
  E58_Measurement_Unit: 'MeasurementUnit',
  E56_Language: 'Language',
  E54_Dimension: 'Dimension',
  E12_Production: 'Production',
  'E52_Time-Span': 'TimeSpan',
  E53_Place: 'Place',
  E21_Person: 'Person',
  E74_Group: 'Group',
  E39_Actor: 'Actor',
  E36_Visual_Item: 'VisualItem',
};

/** Classes renamed by Linked Art itself. */
const RENAMED_CLASSES: Record<string, string> = { ManMadeObject: 'HumanMadeObject' };

/** Classes whose text was `value` before it was `content`. */
const TEXT_CLASSES = new Set(['Name', 'Identifier', 'LinguisticObject']);

/** Properties whose values are references, which 0.x documents may give as a bare IRI string. */
const REFERENCE_PROPERTIES = new Set(['classified_as', 'unit', 'language', 'made_of', 'technique', 'carried_out_by', 'took_place_at', 'current_owner']);

/** `crm:E22_Man-Made_Object`, `http://www.cidoc-crm.org/cidoc-crm/E22_Human-Made_Object`, `ManMadeObject` → `HumanMadeObject`. */
function linkedArtClass(type: string): string {
  const local = type.trim().replace(/^(?:crm:|https?:\/\/www\.cidoc-crm\.org\/cidoc-crm\/)/, '');
  return CRM_CLASSES[local] ?? RENAMED_CLASSES[local] ?? local;
}

/** The class of a node: `type` or `@type`, one string or the first of a list (an object's class first). */
function classOf(node: Json): string | undefined {
  const written = node.type ?? node['@type'];
  const names = (Array.isArray(written) ? written : [written]).filter((name): name is string => typeof name === 'string' && name.trim() !== '').map(linkedArtClass);
  return names.find((name) => name === 'HumanMadeObject') ?? names[0];
}

function normaliseValue(value: unknown, reference: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => normaliseValue(item, reference));
  if (reference && typeof value === 'string') return { id: value };
  return isObject(value) ? normaliseNode(value) : value;
}

function normaliseNode(node: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '@id' || key === '@type' || key === 'label') continue;
    out[key] = normaliseValue(value, REFERENCE_PROPERTIES.has(key));
  }
  const id = node.id ?? node['@id'];
  if (id !== undefined) out.id = id;
  const type = classOf(node);
  if (type !== undefined) out.type = type;
  if (out._label === undefined && typeof node.label === 'string') out._label = node.label;
  if (type !== undefined && TEXT_CLASSES.has(type) && out.content === undefined && node.value !== undefined) out.content = node.value;
  if (typeof out.content === 'number') out.content = String(out.content);
  return out;
}

/** A copy of the document in Linked Art 1.0 names; anything else is returned as it is. */
export function normaliseLinkedArt(doc: unknown): unknown {
  return isObject(doc) ? normaliseNode(doc) : doc;
}

/**
 * A small XML writer for the exports (LIDO, OAI-PMH): elements are built as a tree and serialised
 * with every text and attribute value escaped, so that no record content can break the markup.
 * Records are small; whole exports are streamed record by record (see `lido-writer.ts`).
 */

export type Attributes = Record<string, string | number | null | undefined>;

export interface XmlElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: Attributes;
  readonly children: readonly XmlNode[];
}

export interface XmlText {
  readonly kind: 'text';
  readonly value: string;
}

export type XmlNode = XmlElement | XmlText;

/** What `el` accepts as children: nodes, strings (text), and nothing (`null`, `undefined`, `false`) or nested lists. */
export type Child = XmlNode | string | number | null | undefined | false | readonly Child[];

function flatten(children: readonly Child[], into: XmlNode[]): XmlNode[] {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) flatten(child as readonly Child[], into);
    else if (typeof child === 'string' || typeof child === 'number') into.push({ kind: 'text', value: String(child) });
    else into.push(child as XmlNode);
  }
  return into;
}

/** An element; attributes that are `null` or `undefined` are left out. */
export function el(name: string, attributes: Attributes | null, ...children: Child[]): XmlElement {
  return { kind: 'element', name, attributes: attributes ?? {}, children: flatten(children, []) };
}

/** An element holding only text, or nothing at all when the text is blank (optional elements). */
export function textEl(name: string, attributes: Attributes | null, value: string | null | undefined): XmlElement | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  return el(name, attributes, value);
}

/** An element, or nothing when it would have no child elements (wraps whose content is all optional). */
export function wrapEl(name: string, attributes: Attributes | null, ...children: Child[]): XmlElement | null {
  const element = el(name, attributes, ...children);
  return element.children.length > 0 ? element : null;
}

// Characters XML 1.0 does not allow, even escaped: C0 controls other than tab, newline and carriage
// return, lone surrogates, U+FFFE and U+FFFF. They are dropped rather than emitted.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeText(value: string): string {
  return value.replace(INVALID_XML_CHARS, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function attributesOf(attributes: Attributes): string {
  let out = '';
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeAttribute(String(value))}"`;
  }
  return out;
}

/**
 * The element as XML text, indented by two spaces per level starting at `depth`. Elements holding
 * only text stay on one line, so that whitespace is never added inside a value.
 */
export function serialize(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  if (node.kind === 'text') return pad + escapeText(node.value);
  const open = `<${node.name}${attributesOf(node.attributes)}`;
  if (node.children.length === 0) return `${pad}${open}/>`;
  if (node.children.every((child) => child.kind === 'text')) {
    return `${pad}${open}>${node.children.map((child) => escapeText((child as XmlText).value)).join('')}</${node.name}>`;
  }
  const inner = node.children.map((child) => serialize(child, depth + 1)).join('\n');
  return `${pad}${open}>\n${inner}\n${pad}</${node.name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** A number as XML Schema and humans write it: no exponent, no trailing zeros. */
export function decimal(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const plain = String(value);
  if (!/e/i.test(plain)) return plain;
  return value.toFixed(20).replace(/\.?0+$/, '');
}

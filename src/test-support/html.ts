/** Escapes text the way the JSX renderer does, so tests can look for rendered messages in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** The `lang` attribute of the page's `<html>` element. */
export function htmlLang(html: string): string | undefined {
  return /<html\b[^>]*\blang="([^"]*)"/.exec(html)?.[1];
}

/** Every `href` of the rendered `<a>` elements (still HTML-escaped), in document order. */
export function links(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)].map((match) => match[1] ?? '');
}

/** The inner HTML of the first element whose opening tag matches `openingTag` (same tag name, nesting counted). */
export function element(html: string, openingTag: RegExp): string | undefined {
  const start = openingTag.exec(html);
  if (!start) return undefined;
  const tag = /^<([a-z0-9]+)/i.exec(start[0])?.[1];
  if (!tag) return undefined;
  const pattern = new RegExp(`<${tag}\\b[^>]*>|</${tag}>`, 'gi');
  pattern.lastIndex = start.index + start[0].length;
  let depth = 1;
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    depth += match[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return html.slice(start.index + start[0].length, match.index);
  }
  return undefined;
}

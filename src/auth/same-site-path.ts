const BASE = 'http://egide.invalid';
/** Backslashes (read as `/` by browsers) and control characters (dropped by them). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\\\u0000-\u001f\u007f]/;

/**
 * A path on this site, or undefined: where the sign-in form may send the browser after. Input that
 * browsers would read otherwise than the server (backslashes, tabs, newlines) is refused outright
 * rather than repaired. What is kept is the URL parser's normalised, encoded form, provided it starts
 * with exactly one `/` and resolves to this origin: "/.//evil.example" normalises to "//evil.example",
 * which a browser reads as another host.
 */
export function sameSitePath(next: string | undefined): string | undefined {
  if (!next?.startsWith('/') || UNSAFE.test(next)) return undefined;
  let resolved: URL;
  try {
    resolved = new URL(next, BASE);
  } catch {
    return undefined;
  }
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (resolved.origin !== BASE || path.startsWith('//') || UNSAFE.test(path)) return undefined;
  return new URL(path, BASE).origin === BASE ? path : undefined;
}

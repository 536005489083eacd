import type { TestApp } from './test-app.js';

/** One parsed `Set-Cookie` header: the value and its attributes, names lower-cased. */
export interface SetCookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

export function parseSetCookies(response: Response): SetCookie[] {
  return response.headers.getSetCookie().map((header) => {
    const [pair = '', ...rest] = header.split(';');
    const eq = pair.indexOf('=');
    const attributes = new Map(
      rest.map((part) => {
        const [key = '', ...value] = part.trim().split('=');
        return [key.toLowerCase(), value.join('=')] as const;
      }),
    );
    return { name: pair.slice(0, eq).trim(), value: decodeURIComponent(pair.slice(eq + 1).trim()), attributes };
  });
}

/**
 * A minimal browser for medium tests: keeps the cookies the app sets, sends them back, and posts
 * forms as `application/x-www-form-urlencoded`. It does not follow redirects, so tests see them.
 */
export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    /** An in-process app, or anything else answering requests (`httpRequester`: a real server). */
    private readonly app: Pick<TestApp['app'], 'request'> | { request(path: string, init: RequestInit): Promise<Response> },
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, { method: 'GET', headers });
  }

  async post(path: string, form: Record<string, string | readonly string[]>, headers: Record<string, string> = {}): Promise<Response> {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(form)) {
      for (const item of typeof value === 'string' ? [value] : value) body.append(name, item);
    }
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: body.toString(),
    });
  }

  async request(path: string, init: { method: string; headers?: Record<string, string>; body?: string }): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    const headers = { ...this.defaultHeaders, ...(cookie ? { Cookie: cookie } : {}), ...init.headers };
    const response = await this.app.request(path, { ...init, headers });
    for (const set of parseSetCookies(response)) {
      if (set.value === '' || set.attributes.get('max-age') === '0') this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    return response;
  }

  /** The CSRF token forms must carry: the value of the `egide_csrf` cookie (set by any page with a form). */
  csrf(): string {
    const token = this.cookies.get('egide_csrf');
    if (!token) throw new Error('No egide_csrf cookie yet: load a page with a form first.');
    return token;
  }
}

/** The value of the hidden `<input name="…">` of a rendered form. */
export function hiddenInput(html: string, name: string): string | undefined {
  const match = new RegExp(`<input type="hidden" name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1];
}

/** Requests to a real server at `baseUrl` for a Browser, redirects not followed (as `app.request`). */
export function httpRequester(baseUrl: string | (() => string)) {
  return { request: (path: string, init: RequestInit) => fetch(new URL(path, typeof baseUrl === 'string' ? baseUrl : baseUrl()), { ...init, redirect: 'manual' }) };
}

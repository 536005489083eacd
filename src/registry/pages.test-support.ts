/**
 * Helpers for the registry page tests: people of each role signed in through a real session,
 * objects created through the service, and the app's answers read as HTML.
 */
import { expect } from 'vitest';
import type { Principal, Role } from '../roles.js';
import { SESSION_COOKIE } from '../http/session-cookie.js';
import { Browser } from '../test-support/browser.js';
import type { TestApp } from '../test-support/test-app.js';
import { CreateObjectSchema, type IncidentInput } from './object.schemas.js';
import type { ObjectView } from './object-view.js';

let people = 0;

export interface Person {
  principal: Principal;
  browser: Browser;
}

/** A person of `role` in organisation `org` (created if needed), signed in in their own browser. */
export async function signedIn(t: TestApp, role: Role, org: string): Promise<Person> {
  await t.context.organisations.ensure(org, org.replace(/(^|-)(\w)/g, (_, dash: string, letter: string) => `${dash ? ' ' : ''}${letter.toUpperCase()}`), role === 'investigator' ? 'agency' : 'museum');
  people += 1;
  const principal = await t.context.accounts.addPerson({
    email: `person${people}-${role}@${org}.test`,
    displayName: `${role} ${people} of ${org}`,
    password: 'a long enough test password',
    organisationSlug: org,
    role,
  });
  const browser = new Browser(t.app);
  browser.cookies.set(SESSION_COOKIE, await t.context.accounts.startSession(principal.userId));
  return { principal, browser };
}

/** An anonymous visitor's browser. */
export function visitor(t: TestApp): Browser {
  return new Browser(t.app);
}

/** A described object of the person's organisation. */
export async function makeObject(t: TestApp, person: Person, description: Record<string, unknown> = {}, sensitive: Record<string, string> = {}): Promise<ObjectView> {
  people += 1;
  const input = CreateObjectSchema.parse({
    description: {
      inventoryNumber: `INV-${people}`,
      title: { fr: `Jarre bleue ${people}`, en: `Blue jar ${people}`, es: `Tarro azul ${people}` },
      objectType: [{ label: { en: 'ceramics' } }, { label: { en: 'jars' } }],
      dating: { display: 'c. 1650', earliest: 1640, latest: 1660 },
      makers: [{ name: 'Atelier de Nevers' }],
      ...description,
    },
    sensitive,
  });
  return t.context.objects.create(person.principal, input);
}

/** Reports the object stolen, with or without consent to publish it. */
export function report(t: TestApp, person: Person, id: string, publish: boolean, extra: Partial<IncidentInput> = {}): Promise<ObjectView> {
  return t.context.objects.reportIncident(person.principal, id, {
    method: 'theft',
    reporter: 'Registrar on duty',
    reporterContact: '+33 1 00 00 00 00',
    circumstances: 'Showcase forced during the night',
    policeReportNumber: 'PV-2024-123',
    place: 'Room 12, east wing',
    country: 'FR',
    publish,
    ...extra,
  });
}

/** The HTML of a page, checking its status and that it is a whole page. */
export async function html(response: Response | Promise<Response>, status = 200): Promise<string> {
  const res = await response;
  const body = await res.text();
  expect(res.status, body.slice(0, 500)).toBe(status);
  expect(res.headers.get('Content-Type')).toMatch(/^text\/html/);
  expect(body.startsWith('<!doctype html>')).toBe(true);
  return body;
}

/** Where a redirect leads (path and query). */
export function location(response: Response): string {
  expect([301, 302, 303]).toContain(response.status);
  return response.headers.get('Location') ?? '';
}

export interface Cast {
  louvre: Person;
  prado: Person;
  investigator: Person;
  admin: Person;
}

/** The usual cast, each signed in: registrars of two museums, an investigator, an admin of the secretariat. */
export async function signedInCast(t: TestApp): Promise<Cast> {
  return {
    louvre: await signedIn(t, 'registrar', 'louvre'),
    prado: await signedIn(t, 'registrar', 'prado'),
    investigator: await signedIn(t, 'investigator', 'interpol'),
    admin: await signedIn(t, 'admin', 'secretariat'),
  };
}

import { describe, expect, it } from 'vitest';
import { ROLES, type Principal, type Role } from '../roles.js';
import { audienceOf } from './visibility.js';

const principal = (role: Role): Principal => ({ userId: 1, displayName: 'A. Person', role, organisationId: 7, organisationSlug: 'museum-7', via: 'session' });

describe('audienceOf: the visibility rule as the search stores receive it', () => {
  it('gives the public and those who compile Red Lists or assess places the alert list only', () => {
    expect(audienceOf(null)).toEqual({ sees: 'alert-list' });
    expect(audienceOf(principal('red-list-editor'))).toEqual({ sees: 'alert-list' });
    expect(audienceOf(principal('heritage-assessor'))).toEqual({ sees: 'alert-list' });
  });

  it('adds their own inventory for registrars, every reported object for investigators, and everything for admins', () => {
    expect(audienceOf(principal('registrar'))).toEqual({ sees: 'alert-list-and-organisation', organisationId: 7 });
    expect(audienceOf(principal('investigator'))).toEqual({ sees: 'alert-list-and-reported' });
    expect(audienceOf(principal('admin'))).toEqual({ sees: 'everything' });
  });

  it('is plain data, which survives a copy (no SQL builder inside)', () => {
    for (const role of ROLES) expect(structuredClone(audienceOf(principal(role)))).toEqual(audienceOf(principal(role)));
  });
});

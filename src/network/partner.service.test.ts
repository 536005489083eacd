import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newPartner } from '../test-support/fixtures.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import type { Partner } from './partner.js';
import { inLanguage, SECRETARIAT_SLUG } from './partner.service.js';
import { SEED_PARTNERS } from './seed/partners.js';
import { expectDomainError } from '../test-support/domain-errors.js';

const seeded = (slug: string): Partner => {
  const partner = SEED_PARTNERS.find((candidate) => candidate.slug === slug);
  if (!partner) throw new Error(`no seed partner ${slug}`);
  return partner;
};

describe('PartnerService', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());
  const service = () => t.context.partners;

  describe('seedOnFirstStart', () => {
    it('has loaded the 21 seed partners, each with its organisation, and the secretariat', async () => {
      expect(await service().list()).toEqual(SEED_PARTNERS);
      const organisations = await t.context.organisations.list();
      expect(organisations).toHaveLength(22);
      expect(organisations.find((o) => o.slug === SECRETARIAT_SLUG)?.kind).toBe('secretariat');
      expect(organisations.filter((o) => o.kind === 'partner').map((o) => o.slug).sort()).toEqual(SEED_PARTNERS.map((p) => p.slug).sort());
    });

    it('does nothing the second time', async () => {
      expect(await service().seedOnFirstStart()).toBe(false);
      expect(await service().list()).toHaveLength(21);
      expect(await t.context.db.selectFrom('partner_texts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 63 });
      expect(await t.context.organisations.list()).toHaveLength(22);
    });

    it('does not bring back a partner deleted since', async () => {
      await service().delete('wco');
      expect(await service().seedOnFirstStart()).toBe(false);
      expect((await service().list()).map((p) => p.slug)).not.toContain('wco');
    });
  });

  describe('reopening the same data folder', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'egide-reopen-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps an admin’s edits, additions and deletions: the seed is not applied again', async () => {
      const first = await createTestApp(dir);
      const wco = seeded('wco');
      const edited: Partner = { ...wco, name: { ...wco.name, fr: 'OMD (nom modifié)' }, themes: ['training'] };
      await first.context.partners.replace('wco', edited);
      await first.context.partners.delete('wipo');
      await first.context.partners.create(newPartner());
      await first.close();

      const second = await createTestApp(dir);
      try {
        const partners = await second.context.partners.list();
        expect(partners).toHaveLength(21);
        expect(partners.map((p) => p.slug)).not.toContain('wipo');
        expect(partners.find((p) => p.slug === 'wco')).toEqual(edited);
        expect(partners.at(-1)).toEqual(newPartner());
        expect(await second.context.partners.seedOnFirstStart()).toBe(false);
      } finally {
        await second.close();
      }
    });
  });

  describe('list', () => {
    it('filters by category, theme and words, combined', async () => {
      expect((await service().list({ category: 'museum-institution' })).map((p) => p.slug)).toEqual([
        'getty-foundation',
        'french-ministry-of-culture',
        'smithsonian-institution',
        'palace-museum',
      ]);
      expect((await service().list({ theme: 'ethics' })).map((p) => p.slug)).toEqual(['wffm']);
      expect((await service().list({ category: 'ngo', theme: 'funding' })).map((p) => p.slug)).toEqual(['aliph']);
      expect((await service().list({ q: 'Aduanas' })).map((p) => p.slug)).toContain('wco');
    });

    it('matches words in any language, ignoring accents and case', async () => {
      for (const q of ['DOUANES', 'aduanas', 'customs', 'organización mundial aduanas', 'organizacion MUNDIAL aduanas']) {
        expect((await service().list({ q })).map((p) => p.slug), q).toContain('wco');
      }
      expect(await service().list({ q: 'douanes wipo-unrelated-word' })).toEqual([]);
    });
  });

  describe('get', () => {
    it('returns the partner or a not-found DomainError', async () => {
      expect(await service().get('unesco')).toEqual(seeded('unesco'));
      const error = await expectDomainError(service().get('atlantis'), 'not-found');
      expect(error.message).toContain('atlantis');
    });
  });

  describe('create', () => {
    it('adds the partner at the end of the directory, with its own organisation', async () => {
      await service().create(newPartner());
      const partners = await service().list();
      expect(partners.map((p) => p.slug).slice(-2)).toEqual(['palace-museum', 'louvre']);
      expect((await t.context.organisations.findBySlug('louvre'))?.kind).toBe('partner');
    });

    it('refuses a slug already taken, without writing anything', async () => {
      await expectDomainError(service().create(newPartner({ slug: 'unesco' })), 'conflict');
      expect(await service().list()).toEqual(SEED_PARTNERS);
    });
  });

  describe('replace', () => {
    it('renames the slug, keeps the directory position, and frees the old slug', async () => {
      const wco = seeded('wco');
      const renamed: Partner = { ...wco, slug: 'world-customs-organization' };
      expect(await service().replace('wco', renamed)).toEqual(renamed);

      const partners = await service().list();
      expect(partners).toHaveLength(21);
      expect(partners.findIndex((p) => p.slug === 'world-customs-organization')).toBe(SEED_PARTNERS.indexOf(wco));
      expect(await service().get('world-customs-organization')).toEqual(renamed);
      await expectDomainError(service().get('wco'), 'not-found');
      await expectDomainError(service().replace('wco', wco), 'not-found');
    });

    it('keeps the themes in the order given', async () => {
      const order = ['training', 'illicit-traffic', 'ethics', 'conservation'] as const;
      await service().replace('wco', { ...seeded('wco'), themes: [...order] });
      expect((await service().get('wco')).themes).toEqual(order);

      const reversed = [...order].reverse();
      await service().replace('wco', { ...seeded('wco'), themes: reversed });
      expect((await service().get('wco')).themes).toEqual(reversed);

      await service().create(newPartner({ themes: ['funding', 'conservation', 'documentation'] }));
      expect((await service().get('louvre')).themes).toEqual(['funding', 'conservation', 'documentation']);
    });

    it('stores and clears the agreement and the start date', async () => {
      const withAgreement = newPartner({ slug: 'wco' });
      await service().replace('wco', withAgreement);
      expect((await service().get('wco')).since).toEqual(withAgreement.since);
      await service().replace('wco', { ...withAgreement, since: { year: 1999, agreement: null } });
      expect((await service().get('wco')).since).toEqual({ year: 1999, agreement: null });
      await service().replace('wco', { ...withAgreement, since: null, themes: [] });
      expect(await service().get('wco')).toMatchObject({ since: null, themes: [] });
    });

    it('refuses to rename onto another partner’s slug, changing neither', async () => {
      await expectDomainError(service().replace('wco', { ...seeded('wco'), slug: 'wipo' }), 'conflict');
      expect(await service().list()).toEqual(SEED_PARTNERS);
    });
  });

  describe('delete', () => {
    it('removes the partner with its texts and themes; an unknown slug is not-found', async () => {
      await service().delete('wco');
      expect(await service().list()).toHaveLength(20);
      const orphans = await t.context.db
        .selectFrom('partner_texts')
        .leftJoin('partners', 'partners.id', 'partner_texts.partner_id')
        .where('partners.id', 'is', null)
        .select('partner_texts.partner_id')
        .execute();
      expect(orphans).toEqual([]);
      await expectDomainError(service().delete('wco'), 'not-found');
    });
  });

  describe('inLanguage', () => {
    it('flattens every text to the language', () => {
      const wco = seeded('wco');
      expect(inLanguage(wco, 'es')).toEqual({
        slug: 'wco',
        lang: 'es',
        category: 'intergovernmental',
        name: 'Organización Mundial de Aduanas',
        acronym: 'OMA',
        description: wco.description.es,
        cooperation: wco.cooperation.es,
        themes: wco.themes,
        since: { year: 2000, agreement: null },
        website: wco.website,
      });
      expect(inLanguage(newPartner(), 'fr').since).toEqual({ year: 2024, agreement: 'Protocole d’accord' });
      expect(inLanguage(newPartner({ since: null }), 'en').since).toBeNull();
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeObject, report, signedIn, type Person } from '../../registry/pages.test-support.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { certifiableLot } from './certificate.test-support.js';

let t: TestApp;
let museum: Person;
let dealer: Person;
let investigator: Person;
const ORIGIN = 'https://egide.example.org';

beforeAll(async () => {
  t = await createTestApp();
  museum = await signedIn(t, 'registrar', 'musee-des-citrons');
  dealer = await signedIn(t, 'registrar', 'galerie-watch');
  investigator = await signedIn(t, 'investigator', 'oclcc');
});
afterAll(() => t.close());

const issue = (fields: Parameters<typeof certifiableLot>[1], watch: boolean) => t.context.certificates.issue(dealer.principal, { lot: certifiableLot(dealer.principal, fields), watch, origin: ORIGIN, lang: 'en' });

async function outboxFor(certificateId: string) {
  return t.context.db.selectFrom('alert_outbox').select(['channel', 'recipient', 'payload']).where('idempotency_key', 'like', `certificate-revoked:${certificateId}:%`).orderBy('recipient').execute();
}

describe('continuous due diligence', () => {
  it('revokes a watched certificate when a later published alert matches its lot by text, and tells the holder and the investigators', async () => {
    const object = await makeObject(t, museum, { inventoryNumber: 'MC 1987.12/3', title: { en: 'Still life with lemons and a glass', fr: 'Nature morte aux citrons' }, makers: [{ name: 'Willem Kalf' }] });
    const watched = await issue({ title: 'Still life with lemons and a glass', maker: 'Willem Kalf', inventoryNumbers: ['inv. MC1987123'] }, true);
    const notConsented = await issue({ title: 'Still life with lemons and a glass', inventoryNumbers: ['MC 1987.12/3'] }, false);
    const unrelated = await issue({ title: 'Portrait of a bearded man', maker: 'Unknown', inventoryNumbers: ['ZZ-77-001'] }, true);

    await report(t, museum, object.id, true);
    await t.context.alerts.dispatcher.dispatchPending();

    const view = await t.context.certificates.get(dealer.principal, watched.id);
    expect(view.certificate.revocation).toMatchObject({ reason: 'alert-match' });
    expect(view.matches).toHaveLength(1);
    expect(view.matches[0]).toMatchObject({ objectId: object.id, kind: 'text', evidence: { objectId: object.id, verdict: 'match' } });
    expect((view.matches[0]!.evidence as { rules: Array<{ rule: string }> }).rules.map((hit) => hit.rule)).toEqual(expect.arrayContaining(['inventory-number', 'title', 'maker']));
    // Everywhere it is verified: online and in the signed status list.
    expect(await t.context.certificates.verifyFile(watched.jws)).toMatchObject({ kind: 'revoked', revocation: { reason: 'alert-match' } });
    expect((await t.context.certificates.status(watched.id)).revocation).toMatchObject({ reason: 'alert-match' });

    expect((await t.context.certificates.status(notConsented.id)).revocation).toBeNull();
    expect((await t.context.certificates.status(unrelated.id)).revocation).toBeNull();

    const queued = await outboxFor(watched.id);
    expect(queued.map((row) => [row.channel, row.recipient])).toEqual(
      [String(dealer.principal.userId), String(investigator.principal.userId)].sort().map((recipient) => ['in-app', recipient]),
    );
    expect(JSON.parse(queued[0]!.payload)).toMatchObject({ kind: 'certificate-revoked', certificateId: watched.id, objectId: object.id, status: 'stolen', match: 'text', lot: 'Still life with lemons and a glass' });

    // Delivered in-app: in the holder's notifications, as an alert from the certificate.
    await t.context.alerts.outbox.drain();
    const inbox = await t.context.alerts.subscriptions.inbox(dealer.principal, 10, 0, 'en');
    expect(inbox.items).toEqual([expect.objectContaining({ objectId: object.id, status: 'stolen', subscriptionLabel: `Still life with lemons and a glass (${watched.id})` })]);

    // Dispatching again changes nothing: once revoked, a certificate is no longer watched.
    await t.context.alerts.dispatcher.dispatchPending();
    expect(await outboxFor(watched.id)).toHaveLength(queued.length);
  });

  it('compares a lot with what its holder may see: an alert the owner did not publish revokes nothing', async () => {
    const object = await makeObject(t, museum, { inventoryNumber: 'MC 2001.5', title: { en: 'Silver ewer with dolphins' }, makers: [{ name: 'Paul de Lamerie' }] });
    const watched = await issue({ title: 'Silver ewer with dolphins', maker: 'Paul de Lamerie', inventoryNumbers: ['MC 2001.5'] }, true);
    await report(t, museum, object.id, false);
    await t.context.alerts.dispatcher.dispatchPending();
    expect((await t.context.certificates.status(watched.id)).revocation).toBeNull();
    expect(await outboxFor(watched.id)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t as translate, type MessageKey, type MessageParams } from '../../i18n/i18n.js';
import { html, location, signedIn, visitor, type Person } from '../../registry/pages.test-support.js';
import { escapeHtml } from '../../test-support/html.js';
import { blankPhoto, painting } from '../../test-support/identify-images.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { zipOf } from '../../test-support/zip.js';

/** Each test describes real photos on the describe pool: seconds alone, much more on a loaded machine. */
const PHOTO_TEST_MS = 120_000;

describe('image watch pages', () => {
  let t: TestApp;
  let dealer: Person;
  let other: Person;
  const en = (key: MessageKey, params?: MessageParams) => escapeHtml(translate('en', key, params));

  /** Posts a multipart form as a browser does, with the form token of the page at `from`. */
  async function upload(person: Person, from: string, to: string, fields: Record<string, string>, photos: Array<{ name: string; bytes: Buffer }>): Promise<Response> {
    await html(person.browser.get(from));
    const body = new FormData();
    body.append('_csrf', person.browser.csrf());
    for (const [name, value] of Object.entries(fields)) body.append(name, value);
    for (const photo of photos) body.append('photos', new File([new Uint8Array(photo.bytes)], photo.name, { type: photo.name.endsWith('.zip') ? 'application/zip' : 'image/jpeg' }));
    const cookie = [...person.browser.cookies].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ');
    return t.app.request(to, { method: 'POST', body, headers: { Cookie: cookie } });
  }

  beforeAll(async () => {
    t = await createTestApp();
    dealer = await signedIn(t, 'registrar', 'gallery');
    other = await signedIn(t, 'registrar', 'auction-house');
  }, 60_000);
  afterAll(() => t.close());

  it('creates a watch with its first stock photos, lists them, adds more, and tells which files were refused', async () => {
    expect(location(await visitor(t).get('/en/alerts/watches'))).toBe('/en/login?next=%2Fen%2Falerts%2Fwatches');
    const empty = await html(dealer.browser.get('/en/alerts/watches'));
    expect(empty).toContain(en('watch.list.none'));
    expect(empty).toContain('<input id="f-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/tiff,image/avif,.zip,application/zip" multiple');

    // Neither channel chosen, no name: the form again, with both errors.
    const refused = await html(upload(dealer, '/en/alerts/watches', '/en/alerts/watches', { label: ' ' }, []), 400);
    expect(refused).toContain(en('watch.new.label.required'));
    expect(refused).toContain(en('watch.new.channels.required'));

    const created = await upload(dealer, '/en/alerts/watches', '/en/alerts/watches', { label: 'Spring sale', inApp: '1', email: '1' }, [
      { name: 'LOT-101.jpg', bytes: await painting(0) },
      { name: 'LOT-102.jpg', bytes: await painting(1) },
    ]);
    const path = location(created);
    expect(path).toMatch(/^\/en\/alerts\/watches\/[0-9a-z]{16}\?saved=created&added=2$/);
    const watchPath = path.split('?')[0]!;
    const id = watchPath.split('/').pop()!;
    const page = await html(dealer.browser.get(path));
    expect(page).toContain(`${en('watch.created')} ${en('watch.photos.added', { count: 2 })}`);
    expect(page).toContain(en('watch.page.channels', { channels: `${translate('en', 'alerts.subscriptions.inApp')}, ${translate('en', 'watch.email.on')}` }));
    expect(page).toContain('<figcaption>LOT-101.jpg</figcaption>');
    expect(page).toContain('<figcaption>LOT-102.jpg</figcaption>');
    const subscription = await t.context.alerts.subscriptions.get(dealer.principal, id);
    expect(subscription).toMatchObject({ kind: 'image-watch', label: 'Spring sale', channels: { inApp: true, email: 'immediate', webhookId: null }, lang: 'en' });

    // A blank photo has nothing to recognise: it is refused by name, the other kept.
    const more = await html(upload(dealer, watchPath, `${watchPath}/photos`, {}, [{ name: 'LOT-103.jpg', bytes: await painting(2) }, { name: 'wall.jpg', bytes: await blankPhoto() }]));
    expect(more).toContain(en('watch.photos.added', { count: 1 }));
    expect(more).toContain(`<strong>wall.jpg</strong>: ${en('identify.error.notEnoughDetail')}`);
    expect(more).toContain(en('watch.photos.count', { count: 3 }));

    // A ZIP archive of the stock (in folders, with a price list beside): its photos, named by their files.
    const archive = zipOf([
      { name: 'stock/LOT-104.jpg', bytes: await painting(3) },
      { name: 'stock/prices.csv', bytes: Buffer.from('lot,price\n104,1200\n'), deflate: true },
      { name: 'stock/old/LOT-105.JPG', bytes: await painting(4), deflate: true },
    ]);
    const zipped = await upload(dealer, watchPath, `${watchPath}/photos`, {}, [{ name: 'stock.zip', bytes: archive }]);
    expect(location(zipped)).toBe(`${watchPath}?saved=photos&added=2`);
    const afterZip = await html(dealer.browser.get(location(zipped)));
    expect(afterZip).toContain('<figcaption>LOT-104.jpg</figcaption>');
    expect(afterZip).toContain('<figcaption>LOT-105.JPG</figcaption>');
    const broken = await html(upload(dealer, watchPath, `${watchPath}/photos`, {}, [{ name: 'broken.zip', bytes: Buffer.from('not an archive') }]));
    expect(broken).toContain(`<strong>broken.zip</strong>: ${en('watch.photos.zipInvalid')}`);

    const list = await html(dealer.browser.get('/en/alerts/watches'));
    expect(list).toContain(`<a href="${watchPath}">Spring sale</a>`);
    expect(list).toContain(en('watch.list.photos', { count: 5 }));
  }, PHOTO_TEST_MS);

  it('shows each watch and its photos to its owner only, and removes photos and the watch', async () => {
    const created = await upload(dealer, '/en/alerts/watches', '/en/alerts/watches', { label: 'Private stock', inApp: '1' }, [{ name: 'A-1.jpg', bytes: await painting(3) }]);
    const watchPath = location(created).split('?')[0]!;
    const id = watchPath.split('/').pop()!;
    const [photo] = (await t.context.imageWatches.get(dealer.principal, id)).photos;
    const thumbnail = await dealer.browser.get(`/media/watches/${id}/photos/${photo!.id}`);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get('Content-Type')).toBe('image/webp');
    expect(thumbnail.headers.get('Cache-Control')).toContain('no-store');

    expect((await other.browser.get(`/media/watches/${id}/photos/${photo!.id}`)).status).toBe(404);
    expect((await visitor(t).get(`/media/watches/${id}/photos/${photo!.id}`)).status).toBe(404);
    await html(other.browser.get(watchPath), 404);
    expect((await upload(other, '/en/alerts/watches', `${watchPath}/photos`, {}, [{ name: 'x.jpg', bytes: await painting(4) }])).status).toBe(404);

    const removed = await dealer.browser.post(`${watchPath}/photos/${photo!.id}/delete`, { _csrf: dealer.browser.csrf() });
    expect(location(removed)).toBe(`${watchPath}?saved=removed`);
    expect(await html(dealer.browser.get(location(removed)))).toContain(en('watch.photos.none'));

    await html(dealer.browser.get(watchPath));
    const deleted = await dealer.browser.post(`${watchPath}/delete`, { _csrf: dealer.browser.csrf() });
    expect(location(deleted)).toBe('/en/alerts/watches?deleted=watch');
    expect(await html(dealer.browser.get(location(deleted)))).toContain(en('watch.deleted'));
    await html(dealer.browser.get(watchPath), 404);
  }, PHOTO_TEST_MS);
});

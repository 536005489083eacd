import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../roles.js';
import { jpeg, jpegWithOrientation6 } from '../test-support/photo-images.js';
import { describePhoto } from './customs/visual-similarity.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { RedListImageFiles } from './red-list-images.js';
import { RedListRepository } from './red-list.repository.js';
import { RedListService } from './red-list.service.js';
import { person, sampleImages, sampleRedList } from './red-list.test-support.js';
import { expectDomainError } from '../test-support/domain-errors.js';

describe('RedListService', () => {
  let t: TestApp;
  let admin: Principal;
  let editor: Principal;
  beforeEach(async () => {
    t = await createTestApp();
    admin = await person(t, 'admin');
    editor = await person(t, 'red-list-editor');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.close();
  });
  const service = () => t.context.redLists;

  it('lists the latest published edition of each list, and keeps earlier editions readable', async () => {
    expect(await service().listPublished()).toEqual([]);
    const before = service().version;
    const imported = await service().importDocument(admin, sampleRedList(), await sampleImages(), { publish: true });
    expect(imported).toMatchObject({ slug: 'test-region', edition: 1, status: 'published', warnings: [], unchanged: false });
    expect(service().version).not.toBe(before);

    const [list] = await service().listPublished();
    expect(list).toMatchObject({ slug: 'test-region', edition: 1, editions: [1] });
    expect(list!.document.categories.map((category) => category.id)).toEqual(['writing', 'tablets']);
    // Defaults are applied once, when the document is read in.
    expect(list!.document.categories[0]).toMatchObject({ objectTypes: [], examples: [] });

    await service().startEdition(admin, 'test-region');
    const draft = await service().getDraft(admin, 'test-region');
    expect(draft).toMatchObject({ edition: 2, version: 1, publishIssues: [] });
    expect(draft.images.map((image) => image.name)).toEqual(['tablet-1.jpg', 'tablet-2.png']);
    await service().saveDraft(admin, 'test-region', { ...draft.document, title: { fr: 'Nouveau', en: 'New', es: 'Nuevo' } }, draft.version);
    // The draft is no one's but its editors' until published.
    expect((await service().getPublished('test-region')).edition).toBe(1);
    await service().publish(admin, 'test-region');

    const latest = await service().getPublished('test-region');
    expect(latest).toMatchObject({ edition: 2, editions: [2, 1], document: { title: { en: 'New' }, edition: { number: 2 } } });
    expect((await service().getPublished('test-region', 1)).document.title.en).toBe('Test Red List');
    await expectDomainError(service().getPublished('test-region', 3), 'not-found');
    await expectDomainError(service().getPublished('elsewhere'), 'not-found');
    expect((await service().editions(null, 'test-region')).map((edition) => [edition.number, edition.status])).toEqual([
      [2, 'published'],
      [1, 'published'],
    ]);
  });

  it('shows drafts and their images to their editors and admins only', async () => {
    const other = await person(t, 'red-list-editor');
    const registrar = await t.context.accounts.servicePrincipal('secretariat', 'registrar');
    await service().createList(editor, sampleRedList());
    await service().addDraftImage(editor, 'test-region', 'tablet-1.jpg', (await sampleImages()).get('tablet-1.jpg')!);

    expect(await service().listPublished()).toEqual([]);
    for (const who of [null, other, registrar]) {
      await expectDomainError(service().editions(who, 'test-region'), 'not-found');
      await expectDomainError(service().readImage(who, 'test-region', 'draft', 'tablet-1.jpg', 'display'), 'not-found');
    }
    await expectDomainError(service().getDraft(other, 'test-region'), 'not-found');
    await expectDomainError(service().getDraft(registrar, 'test-region'), 'forbidden');
    await expectDomainError(service().createList(registrar, sampleRedList({ slug: 'other' })), 'forbidden');

    const image = await service().readImage(editor, 'test-region', 'draft', 'tablet-1.jpg', 'thumbnail');
    expect(image).toMatchObject({ contentType: 'image/webp', published: false });
    expect((await service().readImage(admin, 'test-region', 'draft', 'tablet-1.jpg', 'original')).contentType).toBe('image/jpeg');
    expect((await service().listsForEditor(editor)).map((list) => [list.slug, list.draft?.edition, list.latestPublished])).toEqual([['test-region', 1, null]]);
    expect(await service().listsForEditor(other)).toEqual([]);

    // Admins choose who edits.
    await expectDomainError(service().addEditor(editor, 'test-region', 'red-lists-x@example.org'), 'forbidden');
    const email = (await service().editorsOf(editor, 'test-region'))[0]!.email!;
    expect(email).toMatch(/^red-lists-\d+@example.org$/);
    const otherEmail = (await t.context.db.selectFrom('users').select('email').where('id', '=', other.userId).executeTakeFirstOrThrow()).email!;
    await service().addEditor(admin, 'test-region', otherEmail.toUpperCase());
    expect((await service().getDraft(other, 'test-region')).edition).toBe(1);
    await service().removeEditor(admin, 'test-region', otherEmail);
    await expectDomainError(service().getDraft(other, 'test-region'), 'not-found');
    const registrarPerson = await person(t, 'registrar');
    const registrarEmail = (await t.context.db.selectFrom('users').select('email').where('id', '=', registrarPerson.userId).executeTakeFirstOrThrow()).email!;
    expect((await expectDomainError(service().addEditor(admin, 'test-region', registrarEmail), 'invalid')).issues).toEqual([{ field: 'email', message: 'the person needs the red-list-editor role' }]);
  });

  it('refuses a save over a newer one, and a publication of an incomplete draft, naming each place', async () => {
    const created = await service().createList(editor, sampleRedList({ introduction: { fr: 'Introduction.', en: 'Introduction.' } }));
    expect(created.publishIssues).toEqual([
      { field: 'introduction', message: 'no text in es' },
      { field: 'categories[1].examples[0].image', message: 'the image tablet-1.jpg is missing' },
      { field: 'categories[1].examples[1].image', message: 'the image tablet-2.png is missing' },
    ]);
    const saved = await service().saveDraft(editor, 'test-region', { ...created.document, introduction: { fr: 'Intro.', en: 'Intro.', es: 'Intro.' } }, created.version);
    expect(saved.version).toBe(created.version + 1);
    await expectDomainError(service().saveDraft(editor, 'test-region', created.document, created.version), 'conflict');
    // The draft keeps its slug and its number, whatever the document says.
    await expectDomainError(service().saveDraft(editor, 'test-region', { ...saved.document, slug: 'renamed' }, saved.version), 'invalid');
    const renumbered = await service().saveDraft(editor, 'test-region', { ...saved.document, edition: { number: 9, year: 2026 } }, saved.version);
    expect(renumbered.document.edition.number).toBe(1);

    const error = await expectDomainError(service().publish(editor, 'test-region'), 'invalid');
    expect(error.issues.map((issue) => issue.field)).toEqual(['categories[1].examples[0].image', 'categories[1].examples[1].image']);
    for (const [name, bytes] of await sampleImages()) await service().addDraftImage(editor, 'test-region', name, bytes);
    // An image no example names any longer is not published with the edition.
    await service().addDraftImage(editor, 'test-region', 'spare.jpg', (await sampleImages()).get('tablet-1.jpg')!);
    await service().publish(editor, 'test-region');
    await expectDomainError(service().readImage(null, 'test-region', 1, 'spare.jpg', 'display'), 'not-found');
    expect((await service().readImage(null, 'test-region', 1, 'tablet-2.png', 'display')).published).toBe(true);
    await expectDomainError(service().startEdition(editor, 'test-region').then(() => service().startEdition(editor, 'test-region')), 'conflict');
  });

  it('stores example photos without their metadata, and their renditions', async () => {
    await service().createList(editor, sampleRedList());
    const info = await service().addDraftImage(editor, 'test-region', 'tablet-1.jpg', await jpegWithOrientation6(1000, 600));
    // The orientation is applied (portrait) and nothing of the EXIF is kept.
    expect(info).toMatchObject({ contentType: 'image/jpeg', width: 600, height: 1000 });
    const sharp = (await import('sharp')).default;
    const original = await service().readImage(editor, 'test-region', 'draft', 'tablet-1.jpg', 'original');
    const metadata = await sharp(original.bytes).metadata();
    expect([metadata.exif, metadata.orientation, metadata.width]).toEqual([undefined, undefined, 600]);
    const display = await sharp((await service().readImage(editor, 'test-region', 'draft', 'tablet-1.jpg', 'display')).bytes).metadata();
    expect([display.format, display.height]).toEqual(['jpeg', 1000]);
    await expectDomainError(service().addDraftImage(editor, 'test-region', 'broken.jpg', Buffer.from('not an image')), 'invalid');
    await expectDomainError(service().addDraftImage(editor, 'test-region', '../escape.jpg', (await sampleImages()).get('tablet-1.jpg')!), 'invalid');
  });

  it('describes each example photo once, as it is stored, for the customs check', async () => {
    await service().importDocument(admin, sampleRedList(), await sampleImages(), { publish: true });
    const descriptors = await service().publishedDescriptors();
    expect(descriptors.map(({ slug, edition, name }) => `${slug}@${edition}/${name}`).sort()).toEqual(['test-region@1/tablet-1.jpg', 'test-region@1/tablet-2.png']);
    for (const { name, descriptor } of descriptors) {
      const thumbnail = await service().readImage(null, 'test-region', 1, name, 'thumbnail');
      expect(descriptor).toEqual(await describePhoto(thumbnail.bytes));
    }
    // A thumbnail too small to describe is stored without a descriptor, and left out.
    await service().startEdition(admin, 'test-region');
    await service().addDraftImage(admin, 'test-region', 'tablet-1.jpg', await jpeg(80, 40));
    await service().publish(admin, 'test-region');
    expect((await service().publishedDescriptors()).map(({ edition, name }) => `${edition}/${name}`)).toEqual(['2/tablet-2.png']);
  });

  it('records every write in the audit trail, against the list', async () => {
    const created = await service().createList(editor, sampleRedList());
    await service().saveDraft(editor, 'test-region', created.document, created.version);
    for (const [name, bytes] of await sampleImages()) await service().addDraftImage(editor, 'test-region', name, bytes);
    await service().publish(editor, 'test-region');
    await service().startEdition(editor, 'test-region');
    const other = await person(t, 'red-list-editor');
    const email = (await t.context.db.selectFrom('users').select('email').where('id', '=', other.userId).executeTakeFirstOrThrow()).email!;
    await service().addEditor(admin, 'test-region', email);
    await service().removeEditor(admin, 'test-region', email);
    await service().importDocument(admin, { ...sampleRedList(), slug: 'imported-region' }, await sampleImages(), { publish: true });
    // A refused write records nothing.
    await expectDomainError(service().startEdition(editor, 'test-region'), 'conflict');

    const entries = async (targetId: string) => (await t.context.audit.list({ targetId }, 50, 0)).items.reverse().map((entry) => ({ ...entry, details: JSON.parse(entry.details) as unknown }));
    const trail = await entries('test-region');
    expect(trail.map((entry) => entry.action)).toEqual([
      'red-list.create',
      'red-list.save-draft',
      'red-list.add-image',
      'red-list.add-image',
      'red-list.publish',
      'red-list.start-edition',
      'red-list.editor.add',
      'red-list.editor.remove',
    ]);
    expect(trail.every((entry) => entry.target_type === 'red-list' && entry.actor_user_id === (entry.action.startsWith('red-list.editor') ? admin : editor).userId)).toBe(true);
    expect(trail.find((entry) => entry.action === 'red-list.start-edition')!.details).toEqual({ edition: 2, from: 1 });
    expect(trail.find((entry) => entry.action === 'red-list.editor.add')!.details).toEqual({ userId: other.userId });
    expect((await entries('imported-region')).map((entry) => [entry.action, entry.details])).toEqual([['red-list.import', { edition: 1, status: 'published', images: 2, unchanged: false }]]);
  });

  it('never changes a published edition, whatever code writes', async () => {
    await service().importDocument(admin, sampleRedList(), await sampleImages(), { publish: true });
    await expect(t.context.db.updateTable('red_list_editions').set({ document: '{}' }).execute()).rejects.toThrow(/never changes/);
    await expect(t.context.db.deleteFrom('red_list_editions').execute()).rejects.toThrow(/never changes/);
    await expect(t.context.db.deleteFrom('red_list_edition_images').execute()).rejects.toThrow(/never changes/);
    expect((await service().getPublished('test-region')).document.title.en).toBe('Test Red List');
  });

  it('sees what another process published, through the change feed or within seconds', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(await service().listPublished()).toEqual([]);
    // Another process on the same database, which no change feed reaches (SQLite).
    const repository = new RedListRepository(t.context.db);
    const elsewhere = new RedListService(t.context.transact, repository, new RedListImageFiles((await import('../registry/photos/photo-stores.js')).openPhotoStores(t.context.config.photoStorage).photos), t.context.audit);
    await elsewhere.importDocument(admin, sampleRedList(), await sampleImages(), { publish: true });
    expect(await service().listPublished()).toEqual([]);
    const version = service().version;
    vi.advanceTimersByTime(2_500);
    expect((await service().listPublished()).map((list) => list.slug)).toEqual(['test-region']);
    expect(service().version).not.toBe(version);

    // Through the feed, at once.
    elsewhere.followChanges(t.context.changes);
    await elsewhere.importDocument(admin, sampleRedList({ slug: 'second' }), await sampleImages(), { publish: true });
    expect((await service().listPublished()).map((list) => list.slug)).toEqual(['second', 'test-region']);
  });
});

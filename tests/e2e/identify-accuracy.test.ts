/**
 * The identification accuracy page in a real browser, on a 390 px phone: a visitor reaches it from
 * the identify page and reads the latest report's figures, the explanation and the earlier reports.
 * It may not scroll sideways or report an error.
 */
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/i18n.js';
import { EvaluationRepository } from '../../src/identify/evaluation/evaluation.repository.js';
import { sampleReport } from '../../src/identify/evaluation/report.test-support.js';
import { expectNoSideways, useE2E } from './browser.js';

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } satisfies BrowserContextOptions;

const session = useE2E(async (e2e) => {
  const { context } = e2e.server;
  const repository = new EvaluationRepository(context.db);
  await repository.save(sampleReport({ id: 'earlier', createdAt: '2026-01-02T10:00:00.000Z', version: '0.0.9', recallAt1: 0.5 }));
  await repository.save(sampleReport({ id: 'latest', createdAt: '2026-03-04T10:00:00.000Z', version: context.identifyEvaluations.version }));
});

describe('the accuracy page on a phone', () => {
  it('is reached from the identify page and shows the latest figures, explained, and the earlier ones', async () => {
    const page = await session.newPage(await session.newContext(PHONE));
    await page.goto('/en/identify');
    await Promise.all([page.waitForURL('**/en/identify/accuracy'), page.getByRole('link', { name: t('en', 'identify.accuracy.link') }).click()]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(t('en', 'identify.accuracy.title'));
    const figures = page.getByRole('table', { name: t('en', 'identify.accuracy.table.caption') });
    expect(await figures.getByRole('row', { name: new RegExp(`^${t('en', 'identify.accuracy.recall1').replace(/[()@]/g, '\\$&')} 90%`) }).count()).toBe(1);
    expect(await figures.innerText()).toContain(t('en', 'identify.accuracy.falseMatches.value', { count: '1', total: '20', rate: '5%' }));
    expect(await page.getByRole('table', { name: t('en', 'identify.accuracy.previous.caption') }).innerText()).toContain('0.0.9');
    await expectNoSideways(page);
    await page.getByText(t('en', 'identify.accuracy.settings')).click();
    expect(await page.getByText(t('en', 'identify.accuracy.settings.searchedAs.admin')).isVisible()).toBe(true);
    await expectNoSideways(page);

    await page.goto('/fr/identify/accuracy');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(t('fr', 'identify.accuracy.title'));
    await expectNoSideways(page);
  });
});

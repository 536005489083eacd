import type { TestApp } from './test-app.js';

export type RegistryTokens = Record<'admin' | 'louvre' | 'prado' | 'investigator', string>;

/** Two member museums and API tokens for the usual cast: an admin, a registrar of each museum, an investigator. */
export async function registryTokens(t: TestApp): Promise<RegistryTokens> {
  await t.context.organisations.ensure('louvre', 'Musée du Louvre', 'museum');
  await t.context.organisations.ensure('prado', 'Museo del Prado', 'museum');
  return {
    admin: await t.token('admin'),
    louvre: await t.token('registrar', 'louvre'),
    prado: await t.token('registrar', 'prado'),
    investigator: await t.token('investigator', 'interpol'),
  };
}

/** Museums made by `newMuseum` in this test file so far. */
let museums = 0;

/** A new, empty museum for one test: `${slugPrefix}-n`, named `${namePrefix} n`. */
export async function newMuseum(t: TestApp, slugPrefix: string, namePrefix: string): Promise<{ slug: string; id: number; name: string }> {
  const n = ++museums;
  const slug = `${slugPrefix}-${n}`;
  const name = `${namePrefix} ${n}`;
  const row = await t.context.organisations.ensure(slug, name, 'museum');
  return { slug, id: row.id, name };
}

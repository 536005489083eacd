import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/** Shown to a signed-in user whose role does not allow the page, or to a form with a bad token. */
export function ForbiddenPage({ page }: { page: PageContext }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('forbidden.title')}>
      <h1>{t('forbidden.title')}</h1>
      <p class="lead">{t('forbidden.body')}</p>
      <p>
        <a href={`/${lang}/`}>{t('notFound.home')}</a>
      </p>
    </Layout>
  );
}

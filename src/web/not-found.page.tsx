import { Layout } from './layout.js';
import type { PageContext } from './page-context.js';

/** The 404 page, in the visitor's language, with ways back. */
export function NotFoundPage({ page }: { page: PageContext }) {
  const { t, lang } = page;
  return (
    <Layout page={page} title={t('notFound.title')}>
      <h1>{t('notFound.title')}</h1>
      <p class="lead">{t('notFound.body')}</p>
      <ul>
        <li>
          <a href={`/${lang}/`}>{t('notFound.home')}</a>
        </li>
        <li>
          <a href={`/${lang}/partners`}>{t('notFound.partners')}</a>
        </li>
      </ul>
    </Layout>
  );
}

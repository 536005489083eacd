import type { PageContext } from '../web/page-context.js';
import { CONVENTIONS, type RedListDocument } from './red-list-document.js';
import { countryName, OtherLanguages, Text } from './red-list.components.js';
import { textFor } from './red-list-text.js';

/** Conventions with each country's ratification, national laws, export rules: what protects the objects. */
export function LegalSection({ page, document }: { page: PageContext; document: RedListDocument }) {
  const { t, lang } = page;
  const { conventions, laws, exportRules } = document.legal;
  const languages = document.languages;
  if (conventions.length + laws.length + exportRules.length === 0) return null;
  const countries = [...new Set(conventions.map((status) => status.country))];
  const categoryName = (id: string) => {
    const category = document.categories.find((candidate) => candidate.id === id);
    return category ? textFor(category.name, lang, languages).text : id;
  };
  return (
    <section class="rl-legal" aria-labelledby="rl-legal">
      <h2 id="rl-legal">{t('redlists.legal')}</h2>
      {conventions.length > 0 && (
        <>
          <h3>{t('redlists.conventions')}</h3>
          {/* Scrolls sideways on a phone: focusable, so a keyboard scrolls it too. */}
          <div class="rl-table-scroll" tabindex={0} role="region" aria-label={t('redlists.conventions')}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('redlists.country')}</th>
                  {CONVENTIONS.map((convention) => (
                    <th scope="col">{t(`redlists.convention.${convention}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {countries.map((country) => (
                  <tr>
                    <th scope="row">{countryName(country, lang)}</th>
                    {CONVENTIONS.map((convention) => {
                      const status = conventions.find((each) => each.country === country && each.convention === convention);
                      if (!status) return <td>{t('redlists.notRecorded')}</td>;
                      return (
                        <td>
                          {status.ratified === null ? t('redlists.notRatified') : t('redlists.ratified', { year: status.ratified })}
                          {status.note && (
                            <>
                              {' · '}
                              <Text texts={status.note} page={page} languages={languages} />
                            </>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {laws.length > 0 && (
        <>
          <h3>{t('redlists.laws')}</h3>
          <ul class="rl-entries">
            {laws.map((law) => (
              <li>
                <p>
                  <strong>
                    {law.url ? (
                      <a href={law.url} rel="noopener noreferrer">
                        <Text texts={law.title} page={page} languages={languages} />
                      </a>
                    ) : (
                      <Text texts={law.title} page={page} languages={languages} />
                    )}
                  </strong>{' '}
                  ({countryName(law.country, lang)}
                  {law.year ? `, ${law.year}` : ''}) · {t('redlists.law.reference')}: {law.reference}
                </p>
                <OtherLanguages texts={law.title} shown={textFor(law.title, lang, languages).lang} page={page} languages={languages} />
                {law.summary && (
                  <p>
                    <Text texts={law.summary} page={page} languages={languages} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {exportRules.length > 0 && (
        <>
          <h3>{t('redlists.exportRules')}</h3>
          <ul class="rl-entries">
            {exportRules.map((rule) => (
              <li>
                <p>
                  <strong>
                    {countryName(rule.country, lang)}: {t(`redlists.exportRule.${rule.rule}`)}
                  </strong>
                  {rule.minimumAgeYears !== undefined && ` · ${t('redlists.exportRule.minimumAge', { years: rule.minimumAgeYears })}`}
                </p>
                <p>
                  {t('redlists.exportRule.categories')}: {rule.categories ? rule.categories.map(categoryName).join(', ') : t('redlists.exportRule.allCategories')}
                  {rule.law && ` · ${t('redlists.law.reference')}: ${rule.law}`}
                </p>
                {rule.note && (
                  <p>
                    <Text texts={rule.note} page={page} languages={languages} />
                  </p>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Whom to call, country by country. */
export function ContactsSection({ page, document }: { page: PageContext; document: RedListDocument }) {
  const { t, lang } = page;
  if (document.contacts.length === 0) return null;
  const countries = [...new Set(document.contacts.map((contact) => contact.country))];
  return (
    <section class="rl-contacts" aria-labelledby="rl-contacts">
      <h2 id="rl-contacts">{t('redlists.contacts')}</h2>
      {countries.map((country) => (
        <>
          <h3>{countryName(country, lang)}</h3>
          <ul class="cards">
            {document.contacts
              .filter((contact) => contact.country === country)
              .map((contact) => (
                <li class="card">
                  <h4>{contact.name}</h4>
                  <p>
                    {t(`redlists.contact.${contact.kind}`)}
                    {contact.organisation && ` · ${contact.organisation}`}
                  </p>
                  <dl class="object-item-facts">
                    {contact.phone && (
                      <div>
                        <dt>{t('redlists.contact.phone')}</dt>
                        <dd>
                          <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a>
                        </dd>
                      </div>
                    )}
                    {contact.email && (
                      <div>
                        <dt>{t('redlists.contact.email')}</dt>
                        <dd>
                          <a href={`mailto:${contact.email}`}>{contact.email}</a>
                        </dd>
                      </div>
                    )}
                    {contact.url && (
                      <div>
                        <dt>{t('redlists.contact.website')}</dt>
                        <dd>
                          <a href={contact.url} rel="noopener noreferrer">
                            {contact.url.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                          </a>
                        </dd>
                      </div>
                    )}
                    {contact.address && (
                      <div>
                        <dt>{t('redlists.contact.address')}</dt>
                        <dd>{contact.address}</dd>
                      </div>
                    )}
                  </dl>
                  {contact.note && (
                    <p>
                      <Text texts={contact.note} page={page} languages={document.languages} />
                    </p>
                  )}
                </li>
              ))}
          </ul>
        </>
      ))}
    </section>
  );
}

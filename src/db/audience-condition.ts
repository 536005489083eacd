import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.js';
import type { SearchAudience } from './search-store.js';

/** The objects an audience sees, as a condition on `objects` (or a table with its `organisation_id`, `published` and `reported`). */
export function audienceCondition(eb: ExpressionBuilder<Database, 'objects'>, audience: SearchAudience): Expression<SqlBool> {
  switch (audience.sees) {
    case 'everything':
      return eb.lit(true);
    case 'alert-list':
      return eb('objects.published', '=', 1);
    case 'alert-list-and-reported':
      return eb.or([eb('objects.reported', '=', 1), eb('objects.published', '=', 1)]);
    case 'alert-list-and-organisation':
      return eb.or([eb('objects.organisation_id', '=', audience.organisationId), eb('objects.published', '=', 1)]);
  }
}

import { sql, type Expression } from 'kysely';

/**
 * See TextFunctions (../text-functions.ts). `lower()` folds ASCII only here as in SQLite: text
 * columns use the "C" collation (migrations/0001-schema.ts).
 */
export const jsonField = (json: Expression<string | null>, key: string) => sql<string | null>`(${json}::jsonb ->> ${key}::text)`;

export const containsIgnoringCase = (text: Expression<string | null>, fragment: string) => sql<boolean>`strpos(lower(${text}), ${fragment}) > 0`;

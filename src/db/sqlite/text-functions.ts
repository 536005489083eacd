import { sql, type Expression } from 'kysely';

/** See TextFunctions (../text-functions.ts). */
export const jsonField = (json: Expression<string | null>, key: string) => sql<string | null>`json_extract(${json}, ${`$.${key}`})`;

export const containsIgnoringCase = (text: Expression<string | null>, fragment: string) => sql<boolean>`instr(lower(${text}), ${fragment}) > 0`;

import type { FieldIssue } from '../errors.js';
import type { Translate } from '../i18n/i18n.js';

/** The parts of a zod issue that say what is wrong, whatever the language. */
export interface SchemaIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  input?: unknown;
}

/** Turns schema issues into messages in the page's language, keyed by the field's dotted path. */
export function localizeIssues(issues: readonly SchemaIssue[], t: Translate): FieldIssue[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: messageFor(issue, t) }));
}

function messageFor(issue: SchemaIssue, t: Translate): string {
  const isText = issue.origin === 'string';
  if (issue.input === undefined || (issue.code === 'too_small' && isText && Number(issue.minimum) === 1)) return t('form.error.required');
  switch (issue.code) {
    case 'too_big':
      return isText ? t('form.error.tooLong', { max: Number(issue.maximum) }) : t('form.error.range', { max: Number(issue.maximum) });
    case 'too_small':
      return t('form.error.range.min', { min: Number(issue.minimum) });
    case 'invalid_format':
      return issue.format === 'url' ? t('form.error.url') : t('form.error.format');
    case 'invalid_value':
      return t('form.error.choice');
    case 'invalid_type':
      return t('form.error.number');
    default:
      return t('form.error.invalid');
  }
}

/** Attributes that tie an input to its error messages for screen readers. */
export function invalidAttributes(errors: readonly FieldIssue[], id: string): Record<string, string> {
  return errors.length > 0 ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {};
}

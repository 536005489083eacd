/**
 * A text field of a posted form as it was typed ('' when absent, or when a file came where text was
 * expected: a file's name or bytes are no answer to a text field).
 */
export function postedText(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

/** Form values as posted: one string, or several for repeated names. */
export type FormValues = Record<string, string | string[] | File>;

/** The first text value of a form field, trimmed ('' when absent). */
export function formText(form: FormValues, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim() : '';
}

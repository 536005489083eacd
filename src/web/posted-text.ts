/**
 * A text field of a posted form as it was typed ('' when absent, or when a file came where text was
 * expected: a file's name or bytes are no answer to a text field).
 */
export function postedText(form: Record<string, unknown>, name: string): string {
  const value = form[name];
  return typeof value === 'string' ? value : '';
}

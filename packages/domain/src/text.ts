/** True when `text` holds a control character (C0, DEL or C1): names and ids a person typed never do. */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  return /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text);
}

/**
 * What is wrong with an id or a short text the API stores (a subject, a reference, a
 * name), or null when nothing is: one rule for all of them, so nothing stored can carry a
 * terminal escape or a line break into a log, a ledger or a page. The answer completes a
 * sentence that starts with the field's name ("must be 1 to 100 characters").
 */
export function textProblem(text: unknown, maxLength: number): string | null {
  if (typeof text !== 'string') return 'must be a string';
  if (text.length === 0 || text.length > maxLength) return `must be 1 to ${maxLength} characters`;
  if (text.trim().length === 0) return 'must not be blank';
  if (hasControlCharacters(text)) return 'must not hold control characters (line breaks, tabs, escapes, NUL)';
  if (text.trim() !== text) return 'must not start or end with whitespace';
  return null;
}

/** True when `text` holds a control character (C0 or DEL): names and ids a person typed never do. */
export function hasControlCharacters(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
  return /[\u0000-\u001f\u007f]/.test(text);
}

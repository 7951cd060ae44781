/** An ILIKE pattern matching `term` anywhere, its own % _ and \ taken literally. */
export function containsPattern(term: string): string {
  return `%${term.replace(/[%_\\]/g, '\\$&')}%`;
}

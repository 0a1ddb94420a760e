/**
 * Keeps whole paragraphs from the start while they fit in `maxChars` (counting the blank lines between them); a
 * first paragraph longer than the budget is cut at a word. Shared by the PDF and Word readers.
 */
export function trimToChars(paragraphs: readonly string[], maxChars: number): { text: string; truncated: boolean } {
  const kept: string[] = [];
  let used = 0;
  for (const paragraph of paragraphs) {
    const cost = paragraph.length + (kept.length > 0 ? 2 : 0);
    if (used + cost > maxChars) {
      if (kept.length === 0) kept.push(paragraph.slice(0, maxChars).replace(/\s+\S*$/, ''));
      return { text: kept.join('\n\n'), truncated: true };
    }
    kept.push(paragraph);
    used += cost;
  }
  return { text: kept.join('\n\n'), truncated: false };
}

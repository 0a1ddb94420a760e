import { blockParagraphs, type DomDocument, type DomElement, elementsByTag, linkTexts, SKIPPED_TAGS } from './page-dom.js';

// The paragraph-density fallback: where the story is when Readability settles on the wrong block.

interface ParentedElement extends DomElement {
  readonly parentElement: ParentedElement | null;
}

/** The block of paragraphs found by paragraph density, read before Readability mutates the document. */
export interface ContentCandidate {
  paragraphs: string[];
  /** Text of the links inside, read before Readability moves nodes around. */
  links: string[];
}
export interface DensityCandidate extends ContentCandidate {
  /** Text of the paragraphs that voted for the block, to compare with what Readability kept. */
  votes: string[];
}

const MIN_VOTING_PARAGRAPH = 40;
const SENTENCE_END = /[.!?…:]["”’)\]]?$/;
const MAX_CLIMB = 4;
// Navigation, forms and page furniture inside the chosen block are not story text.
const CANDIDATE_SKIPPED_TAGS = new Set([...SKIPPED_TAGS, 'NAV', 'ASIDE', 'FOOTER', 'FORM']);
// A paragraph inside one of these (itself included) is page furniture, not story text.
const OUTSIDE_STORY_TAGS = new Set(['NAV', 'ASIDE', 'FOOTER', 'FORM']);
const OUTSIDE_STORY_ROLES = new Set(['navigation', 'complementary', 'contentinfo']);

/** `node.closest('nav, aside, footer, form, [role="navigation"], …') !== null`, by a walk up the parents instead of css-select. */
function outsideStory(node: ParentedElement): boolean {
  for (let up: ParentedElement | null = node; up; up = up.parentElement) {
    if (OUTSIDE_STORY_TAGS.has(up.tagName.toUpperCase())) return true;
    const role = up.getAttribute('role');
    if (role !== null && OUTSIDE_STORY_ROLES.has(role)) return true;
  }
  return false;
}

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A second opinion on where the story is: every paragraph of 40+ characters votes for its parent, the parent
 * with the most paragraph text wins, and the winner grows to an ancestor while that adds much more paragraph text
 * (stories split into several blocks by ads). Readability scores by commas and class names, so it sometimes
 * settles on a comma-heavy list, a table or a disclosure box instead.
 */
export function densityCandidate(document: DomDocument): DensityCandidate | null {
  const totals = new Map<ParentedElement, number>();
  const nodes = elementsByTag(document, 'p') as ArrayLike<ParentedElement>;
  const voters: Array<{ node: ParentedElement; text: string }> = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node?.parentElement) continue;
    const text = squash(node.textContent);
    // Only sentences vote: a long list of names or table-like lines is not where the story is.
    if (text.length < MIN_VOTING_PARAGRAPH || !SENTENCE_END.test(text) || outsideStory(node)) continue;
    voters.push({ node, text });
    totals.set(node.parentElement, (totals.get(node.parentElement) ?? 0) + text.length);
  }
  let best: ParentedElement | null = null;
  let bestTotal = 0;
  for (const [parent, total] of totals) {
    if (total > bestTotal) {
      best = parent;
      bestTotal = total;
    }
  }
  if (!best) return null;
  const within = (ancestor: ParentedElement) => {
    const inside: string[] = [];
    for (const { node, text } of voters) {
      for (let up: ParentedElement | null = node.parentElement; up; up = up.parentElement) {
        if (up === ancestor) {
          inside.push(text);
          break;
        }
      }
    }
    return inside;
  };
  let votes = within(best);
  let ancestor = best.parentElement;
  for (let level = 0; level < MAX_CLIMB && ancestor && ancestor.tagName !== 'BODY'; level++, ancestor = ancestor.parentElement) {
    const wider = within(ancestor);
    const widerTotal = wider.reduce((sum, text) => sum + text.length, 0);
    // Climb only when the ancestor is still mostly paragraphs and holds clearly more of them.
    if (widerTotal >= 1.25 * bestTotal && widerTotal >= 0.6 * squash(ancestor.textContent).length) {
      best = ancestor;
      bestTotal = widerTotal;
      votes = wider;
    }
  }
  return { paragraphs: blockParagraphs(best, CANDIDATE_SKIPPED_TAGS), links: linkTexts(best), votes };
}

/** Prose: paragraphs of running text rather than names, labels or table cells. */
function proseLength(paragraphs: string[]): number {
  let total = 0;
  for (const paragraph of paragraphs) if (paragraph.split(/\s+/).length >= 8 && SENTENCE_END.test(paragraph)) total += paragraph.length;
  return total;
}

/** Share of `parts` (by length) found verbatim in `text`. */
function foundShare(parts: string[], text: string): number {
  let found = 0;
  let total = 0;
  for (const part of parts) {
    total += part.length;
    if (text.includes(part)) found += part.length;
  }
  return total === 0 ? 1 : found / total;
}

const FALLBACK_BELOW_CHARS = 250;

/**
 * Chooses between Readability's block and the paragraph-density block: the density block wins when Readability
 * found (almost) nothing, or when Readability's block holds under half of the density block's paragraphs and
 * less than half its prose (Readability settled on a list of names, a table or a disclosure box).
 */
export function chooseContent(readability: ContentCandidate | null, density: DensityCandidate | null): ContentCandidate | null {
  if (!readability) return density;
  if (!density) return readability;
  const readabilityText = squash(readability.paragraphs.join(' '));
  const densityText = squash(density.paragraphs.join(' '));
  if (readabilityText.length < FALLBACK_BELOW_CHARS) return densityText.length > readabilityText.length ? density : readability;
  const readabilityProse = proseLength(readability.paragraphs);
  const densityProse = proseLength(density.paragraphs);
  if (densityProse > 2 * readabilityProse && foundShare(density.votes, readabilityText) < 0.5) return density;
  return readability;
}


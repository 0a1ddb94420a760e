import { stripDateline } from './sentences.js';

/**
 * Small text surgery on article sentences for display lines (what, key points, summary). Evidence
 * never goes through here: it must stay verbatim.
 */

// ", sebut Kremlin dalam satu pernyataan, Selasa." — the attribution tail adds nothing to a one-liner.
const ATTRIBUTION_TAIL =
  /,\s*(?:sebut|kata|ujar|ungkap|jelas|tutur|tulis|terang|menurut|demikian|bunyi|said|says|according\s+to|the\s+\p{L}+\s+said)(?![\p{L}])[^.!?"“”]*[.!?]?\s*$/iu;

const FUNCTION_WORD_END = /\s+(?:dan|yang|di|ke|dari|untuk|dengan|pada|atau|serta|the|and|of|to|in|on|for|with|a|an|or)$/iu;
const OPEN_QUOTE = /^["“‘']/u;

export const words = (text: string) => text.split(/\s+/u).filter((w) => w !== '');

/** At most `max` words, ending on a content word, with an ellipsis when cut. */
export function truncateWords(text: string, max: number): string {
  const ws = words(text);
  if (ws.length <= max) return text;
  let cut = ws.slice(0, max).join(' ').replace(/[,;:–—-]+$/u, '');
  while (FUNCTION_WORD_END.test(cut)) cut = cut.replace(FUNCTION_WORD_END, '');
  return `${cut}…`;
}

/** At most `max` characters, cut at a word and ending on a content word, with an ellipsis when cut. */
export function truncateChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(0, max - 1));
  const space = head.lastIndexOf(' ');
  let cut = (space > 0 ? head.slice(0, space) : head).replace(/[\s,;:–—-]+$/u, '');
  while (FUNCTION_WORD_END.test(cut)) cut = cut.replace(FUNCTION_WORD_END, '');
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}

/**
 * The sentence without a trailing "…, said X" / "…, sebut Kremlin dalam satu pernyataan, Selasa."
 * Quoted sentences are left alone (cutting them would leave an unbalanced quote), and so is a
 * sentence that would keep fewer than five words.
 */
export function stripAttribution(sentence: string): string {
  if (OPEN_QUOTE.test(sentence.trim())) return sentence;
  const without = sentence.replace(ATTRIBUTION_TAIL, '.');
  return words(without).length >= 5 ? without : sentence;
}

/** The lead as a one-line statement: no dateline, no "…, said X" tail. */
export function cleanLead(sentence: string): string {
  return stripAttribution(stripDateline(sentence).trim());
}

/** A quoted sentence reduced to its quote: `"Kami sepakat…," kata dia.` → `Kami sepakat…`. Evidence stays verbatim. */
export function quotedCore(sentence: string): string {
  if (!OPEN_QUOTE.test(sentence)) return sentence;
  const close = /["”’'](?=[\s,.;:]|$)/gu;
  let last: RegExpExecArray | null = null;
  close.lastIndex = 1;
  for (let m = close.exec(sentence); m; m = close.exec(sentence)) last = m;
  if (!last || last.index < 2) return sentence;
  return sentence.slice(1, last.index).replace(/[,;:]+$/u, '').trim();
}

// Places where a long lead can be cut and still read as a statement.
const CLAUSE_BREAK = /(?:,|\s+(?:yang|berdasarkan|setelah|sebelum|karena|untuk|which|who|after|before|because|following|amid|as|to))\s/giu;

/** A lead shortened to `max` words, preferably at a clause boundary. */
export function compress(text: string, max: number): string {
  if (words(text).length <= max) return text;
  let best: string | null = null;
  for (const m of text.matchAll(CLAUSE_BREAK)) {
    const head = text.slice(0, m.index).trim();
    const n = words(head).length;
    if (n > max) break;
    if (n >= 5) best = head;
  }
  return best ?? truncateWords(text, max);
}

// Openers that tie a sentence to the one before it; a stand-alone bullet reads better without them.
const CONNECTIVE_OPENER =
  /^(?:(?:dalam|pada)\s+(?:kesempatan|percakapan|pertemuan|pembicaraan)\s+(?:itu|tersebut|ini)|selain\s+itu|di\s+samping\s+itu|sementara\s+itu|lebih\s+lanjut|sebelumnya|in\s+addition|additionally|meanwhile|separately|furthermore|moreover|during\s+the\s+(?:call|talks|conversation|meeting))\s*,\s*/iu;

// Courtesy padding that carries no fact: "belasungkawa mendalam", "mutually beneficial", "juga"/"pun"/"also".
const FILLERS: readonly [RegExp, string][] = [
  [/(belasungkawa|duka\s+cita)\s+(?:yang\s+)?(?:mendalam|sedalam-dalamnya|tulus)(?![\p{L}])/giu, '$1'],
  [/(?<![\p{L}])(?:deep(?:est)?|sincere|heartfelt)\s+(condolences|sympathy)/giu, '$1'],
  [/\s+yang\s+saling\s+menguntungkan(?![\p{L}])/giu, ''],
  // "ledakan yang terjadi pada 26 April" → "ledakan pada 26 April".
  [/\s+(?:yang\s+terjadi|which\s+(?:occurred|happened|took\s+place)|that\s+(?:occurred|happened|took\s+place))(?=\s+(?:pada|di|on|in|at)\s)/giu, ''],
  [/(?<![\p{L}])mutually\s+beneficial\s+/giu, ''],
  [/\s+secara\s+rinci(?![\p{L}])/giu, ''],
  [/\s+(?:juga|pun)(?=\s)/giu, ''],
  [/(?<=\p{L})\s+also(?=\s)/giu, ''],
];

/** A sentence made into a stand-alone bullet: no connective opener, no courtesy padding, one final stop. */
export function asBullet(sentence: string): string {
  let s = sentence.trim().replace(CONNECTIVE_OPENER, '');
  for (const [pattern, replacement] of FILLERS) s = s.replace(pattern, replacement);
  s = s.replace(/\s+,/gu, ',').replace(/[,;:]+$/u, '').trim();
  if (s === '') return s;
  s = s[0]!.toUpperCase() + s.slice(1);
  return /[.!?…]$/u.test(s) ? s : `${s}.`;
}

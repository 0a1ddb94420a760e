/**
 * Agreements concluded at the reported event, read clause by clause. A cue verb alone is not enough:
 * "agreed to stay in close contact", "agreed that dialogue is essential", "sepakat meningkatkan
 * kerja sama" and a treaty recalled as background are not outcomes of the day. Precision matters more
 * than recall: a wrong "agreement" misleads a reader, a missing one only makes the digest shorter.
 */

import {
  AGREED,
  ASPIRATION,
  CLAUSE_BREAK,
  CONCLUDED,
  CONCRETE,
  COURTESY,
  DATED_LALU,
  DOCUMENT,
  FUTURE,
  INTENT_OBJECT,
  JOINT_SUBJECT,
  JOINT_VERB,
  L,
  LEAD_FILLER,
  MAY,
  NAMED_PAIR,
  NEGATED,
  NUMBER,
  PAST_MARK,
  PAST_OPENER,
  PAST_ONLY_VERB,
  R,
  RECALL,
  SETTING_OPENER,
  SOFT_EN,
  SOFT_ID,
  SOFT_OBJECT,
  SOFT_START,
  TREATY_NAME,
  UNILATERAL_SIGNING,
  YEAR_AFTER_CUE,
} from './agreement-words.js';
import { isNextStep } from './next-step-cues.js';

/**
 * "signed a memorandum", "Signed in Tokyo this 28th day …", "Kabua signed for the Republic": a
 * signing counts when a document is named near the verb (or it is the signature line of one).
 */
function signedADocument(sentence: string, cue: Cue, complement: string): boolean {
  if (UNILATERAL_SIGNING.test(complement)) return false;
  if (cue.index === 0 || /^\s*(?:for|on\s+behalf\s+of|untuk|atas\s+nama)(?![\p{L}])/iu.test(complement)) return true;
  // "The memorandum was signed by …": the document is the subject.
  const before = sentence.slice(0, cue.index);
  if (/(?<![\p{L}])(?:was|were|has\s+been|have\s+been|is|are|been)\s+$/iu.test(before)) return DOCUMENT.test(before.split(/\s+/u).slice(-10).join(' '));
  // A treaty's own name can be long: "signed the Broad Relationship of Cooperation for … agreement".
  const object = complement.split(/[,;:(]/u)[0]!.split(/\s+/u).slice(0, 16).join(' ');
  return DOCUMENT.test(object);
}

// --- Clause helpers ----------------------------------------------------------------------------

function clauseStart(sentence: string, index: number): number {
  let start = 0;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) {
    if (m.index + m[0].length > index) break;
    start = m.index + m[0].length;
  }
  return start;
}

function clauseEnd(sentence: string, from: number): number {
  CLAUSE_BREAK.lastIndex = 0;
  for (const m of sentence.matchAll(CLAUSE_BREAK)) if (m.index >= from) return m.index;
  return sentence.length;
}

/** The last few words before the cue, within its clause: where negation and hedges sit. */
function nearPrefix(sentence: string, index: number, maxWords = 6): string {
  const before = sentence.slice(clauseStart(sentence, index), index);
  return before.split(/\s+/u).slice(-maxWords - 1).join(' ');
}

interface Cue {
  index: number;
  end: number;
  kind: 'agreed' | 'concluded' | 'joint';
}

// A real sentence holds a handful of cue verbs; a pasted wall of text without full stops can hold
// thousands, and every cue reads its clause. Only the first few are read, which keeps the work linear.
const MAX_CUES = 12;

function findCues(sentence: string): Cue[] {
  const cues: Cue[] = [];
  for (const [re, kind] of [
    [AGREED, 'agreed'],
    [CONCLUDED, 'concluded'],
    [JOINT_VERB, 'joint'],
  ] as const) {
    for (const m of sentence.matchAll(new RegExp(re.source, 'giu'))) {
      cues.push({ index: m.index, end: m.index + m[0].length, kind });
      if (cues.length >= MAX_CUES * 3) break;
    }
  }
  return cues.sort((a, b) => a.index - b.index).slice(0, MAX_CUES);
}

/** Whether the complement of an "agreed"/"sepakat" cue names a concrete outcome rather than relations talk. */
function concreteAgreedComplement(complement: string): boolean {
  const rest = complement.replace(/^\s*(?:[Tt]oday|[Yy]esterday|on\s+\p{Lu}\p{L}+|in\s+principle|formally|unanimously)\s+/u, '');
  if (SOFT_OBJECT.test(rest)) return false;
  const that = /^\s*(?:that|bahwa)(?![\p{L}])/iu.exec(rest);
  if (that) {
    const clause = rest.slice(that[0].length);
    // "agreed that X is essential" / "that they will remain in close coordination": an opinion, not an outcome.
    if (/(?<![\p{L}])(?:would|should|could|might)\s+have(?![\p{L}])/iu.test(clause)) return false;
    if (/(?<![\p{L}])(?:would\s+have|is|are|was|were|will\s+be|remains?)\s+(?:\p{L}+\s+)?(?:important|essential|vital|crucial|critical|key|necessary|needed|useful|constructive|productive|positive|valuable|beneficial|paramount|imperative|penting|perlu)(?![\p{L}])/iu.test(clause)) return false;
    return CONCRETE.test(clause) && !new RegExp(`${L}(?:will|akan)\\s+${LEAD_FILLER}(?:${SOFT_EN}|${SOFT_ID})${R}`, 'iu').test(clause);
  }
  const body = rest.replace(/^\s*(?:to|on|upon|untuk|atas|mengenai|soal)\s+/iu, '');
  const soft = SOFT_START.exec(body);
  if (!soft) return true;
  // Keeping in touch stays hollow whatever follows.
  if (/^\s*(?:\p{L}+\s+)*?(?:stay|remain|keep|maintain|tetap)(?![\p{L}])/iu.test(soft[0])) return false;
  // "work together to establish a joint task force", "increase trade to USD 10 billion": concrete after all.
  const after = body.slice(soft[0].length);
  const purpose = /(?<![\p{L}])(?:to|untuk)\s+(\p{L}+(?:\s+\p{L}+)?)/iu.exec(after);
  return NUMBER.test(after) || (purpose !== null && CONCRETE.test(purpose[1]!));
}


/** Where the subject of a verb can sit: the sentence's opening segment (unless it only sets the scene) and the segment right before the verb. */
function subjectZone(before: string): string {
  const commas = before.split(/,\s+/u);
  const last = commas.at(-1) ?? '';
  if (commas.length === 1) return SETTING_OPENER.test(last) ? last.replace(/^.*?(?=\s(?:the|kedua|both|they|we)\s)/iu, '') : last;
  const first = commas[0]!;
  // "Presidents Biden and Lula, meeting in Washington, decided …": an apposition between subject and verb.
  if (last.trim() === '' && !SETTING_OPENER.test(first)) return first;
  return last;
}

/** "commit to establish …", "commit to work together to establish …": a commitment names its outcome up front. */
function concreteCommitment(complement: string): boolean {
  const body = complement.replace(/^\s*(?:to|untuk)\s+/iu, '');
  if (new RegExp(`^\\s*${LEAD_FILLER}(?:${CONCRETE.source})`, 'iu').test(body)) return true;
  const soft = SOFT_START.exec(body);
  if (!soft) return false;
  const purpose = /^(?:\s+[\p{L},]+){0,4}?\s+(?:to|untuk)\s+(\p{L}+)/iu.exec(body.slice(soft[0].length));
  return purpose !== null && CONCRETE.test(purpose[1]!);
}

/** Whether the cue at `cue` reports an outcome concluded in this event (not past, hedged or hollow). */
function concludedHere(sentence: string, cue: Cue, nextCue: number): boolean {
  const start = clauseStart(sentence, cue.index);
  const end = clauseEnd(sentence, cue.end);
  const prefix = nearPrefix(sentence, cue.index);
  const complement = sentence.slice(cue.end, Math.max(cue.end, end));
  const clause = sentence.slice(start, end);
  if (NEGATED.test(prefix) || ASPIRATION.test(prefix) || MAY.test(prefix)) return false;
  // "Nantinya … ditandatangani": a later step, however far the marker sits from the verb.
  if (/(?<![\p{L}])(?:nantinya|kelak|eventually)(?![\p{L}])/iu.test(sentence.slice(start, cue.index))) return false;
  // "sudah memutuskan", "pernah sepakat": done before.
  if (/(?<![\p{L}])(?:sudah|pernah)\s+$/iu.test(sentence.slice(start, cue.index))) return false;
  if (COURTESY.test(clause)) return false;
  // A past mark belongs to the nearest verb: in "Building on the pact signed last year, the leaders signed
  // an MoU" only the first signing is past. So look from the last comma before the cue to the next cue.
  const own = prefix.slice(prefix.lastIndexOf(',') + 1) + sentence.slice(cue.index, Math.min(end, Math.max(cue.end, nextCue)));
  if (PAST_MARK.test(own) || DATED_LALU.test(complement) || YEAR_AFTER_CUE.test(complement)) return false;
  // "Sebelumnya, kedua negara telah menandatangani …", "In 2019, the two sides signed …": an opening that dates the whole clause.
  if (PAST_OPENER.test(sentence.slice(start, cue.index))) return false;
  switch (cue.kind) {
    case 'agreed': {
      // "Saya sepakat dengan usulan itu": agreeing with an opinion.
      if (/^\s*(?:dengan|with|jika|kalau|bila|apabila|if)(?![\p{L}])/iu.test(complement)) return false;
      // "DPR menyetujui anggaran" is one body's approval; between states it needs both sides named.
      if (/^(?:menyetujui|disetujui)$/iu.test(sentence.slice(cue.index, cue.end)) && !JOINT_SUBJECT.test(sentence) && !NAMED_PAIR.test(sentence)) return false;
      return concreteAgreedComplement(complement);
    }
    case 'concluded': {
      const verb = sentence.slice(cue.index, cue.end);
      if (/^(?:signed|inked|co-signed|countersigned|menandatangani|meneken)$/iu.test(verb)) return signedADocument(sentence, cue, complement);
      return true;
    }
    case 'joint': {
      // Only when both sides act; the subject sits anywhere before the verb in the sentence.
      // The subject never sits across a "but": "we talked to him, but he decided alone".
      const contrast = [...sentence.slice(0, cue.index).matchAll(/[;:]|\s(?:but|tapi|tetapi|namun|while|sedangkan|whereas)\s/giu)].at(-1);
      const before = sentence.slice(contrast ? contrast.index + contrast[0].length : 0, cue.index);
      // "the launch of …", "an announcement": a noun, not the verb.
      if (/(?<![\p{L}])(?:the|a|an|its|their|this)\s*$/iu.test(before)) return false;
      const subject = subjectZone(before);
      if (!JOINT_SUBJECT.test(subject) && !NAMED_PAIR.test(subject) && !/^jointly/iu.test(sentence.slice(cue.index, cue.end))) return false;
      if (INTENT_OBJECT.test(complement)) return false;
      const verb = sentence.slice(cue.index, cue.end).toLowerCase();
      if (/decided|memutuskan/u.test(verb)) return !SOFT_START.test(complement.replace(/^\s*that\s+\S+(?:\s+\S+)?\s+will\s+/iu, ''));
      if (/commit|berkomitmen/u.test(verb)) return concreteCommitment(complement);
      // announce / launch / adopt: an object, not a "that"-clause of opinion.
      if (/^\s*that\s/iu.test(complement)) return CONCRETE.test(complement) && NUMBER.test(complement);
      // "established diplomatic relations", "adopted a joint statement": any object will do, but not "in 2015" or "to …".
      if (/established|adopted|approved|launched|endorsed|unveiled|membentuk|meluncurkan|mengesahkan/iu.test(verb)) return !/^\s*(?:that|to|in|into|on|at|by|as|during|since|under|for|pada|di|sejak|dalam)(?![\p{L}])/iu.test(complement) && /^\s*\p{L}/u.test(complement);
      return /^\s*(?:(?:a|an|the|new|their|its|our|sebuah|program|kemitraan|inisiatif|mekanisme|kerangka)(?![\p{L}])|\p{Lu}(?!(?:onday|uesday|ednesday|hursday|riday|aturday|unday|oday)))/u.test(complement) && !/^\s*(?:the|a|an)\s+(?:need|importance|launch|start)/iu.test(complement);
    }
  }
}

/** Whether a sentence reports something the parties agreed, decided or signed in this event. */
export function isAgreement(sentence: string): boolean {
  return concludedClauses(sentence).length > 0;
}

/**
 * The clauses of a sentence that report an outcome of this event: where the outcome's own date sits.
 * "On 12 March 2021, the two countries signed …" keeps its opening date; in "Building on the pact
 * signed on 12 March 2021, the leaders signed an MoU" the second signing starts after the comma.
 */
export function concludedClauses(sentence: string): string[] {
  const cues = findCues(sentence);
  return cues.flatMap((cue, i) => {
    const next = cues.find((c) => c.index >= cue.end)?.index ?? sentence.length;
    if (!concludedHere(sentence, cue, next)) return [];
    const previous = cues.slice(0, i).filter((c) => c.end <= cue.index).at(-1);
    const start = previous ? Math.max(previous.end, sentence.lastIndexOf(',', cue.index) + 1) : clauseStart(sentence, cue.index);
    return [sentence.slice(start, Math.min(clauseEnd(sentence, cue.end), Math.max(cue.end, next)))];
  });
}


/** Whether a sentence recalls a signing or agreement from before this event (background). */
export function isPastSigning(sentence: string): boolean {
  if (isAgreement(sentence)) return false;
  const cues: { index: number; end: number }[] = findCues(sentence).filter((c) => c.kind !== 'joint' || /established|adopted|launched/iu.test(sentence.slice(c.index, c.end)));
  for (const m of sentence.matchAll(PAST_ONLY_VERB)) {
    if (cues.length >= MAX_CUES * 2) break;
    cues.push({ index: m.index, end: m.index + m[0].length });
  }
  const pastCue = cues.some((cue) => {
    const clause = sentence.slice(clauseStart(sentence, cue.index), clauseEnd(sentence, cue.end));
    const after = sentence.slice(cue.end);
    return PAST_MARK.test(clause) || DATED_LALU.test(after) || YEAR_AFTER_CUE.test(after) || PAST_OPENER.test(sentence.slice(clauseStart(sentence, cue.index), cue.index));
  });
  if (pastCue) return true;
  const recall = RECALL.exec(sentence);
  // "Building on the 1983 agreement, they instructed officials to …": the plan is the news, the treaty its context.
  return recall !== null && !FUTURE.test(sentence) && !isNextStep(sentence) && TREATY_NAME.test(sentence.slice(recall.index, recall.index + 160));
}

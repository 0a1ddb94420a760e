/**
 * Cue phrases: agreements and earlier signings (agreement-cues.ts), next steps (next-step-cues.ts),
 * named treaties and phone calls (here).
 */

export { concludedClauses, isAgreement, isPastSigning } from './agreement-cues.js';
export { isNextStep } from './next-step-cues.js';

// Phrases that say the talks took place by phone.
const PHONE_CALL =
  /(?<![\p{L}])(?:sambungan\s+telepon|melalui\s+telepon|lewat\s+telepon|percakapan\s+telepon|pembicaraan\s+telepon|panggilan\s+telepon|phone\s+call|telephone\s+call|by\s+(?:tele)?phone|over\s+the\s+(?:tele)?phone|telephone\s+conversation|phone\s+conversation)(?![\p{L}])/iu;

/** A named treaty or accord in a sentence ("Perjanjian Kemitraan Strategis Komprehensif…"), from its name on. */
export function agreementClause(sentence: string): string | null {
  const m = /(?<![\p{L}])(?:Perjanjian|Traktat|Nota\s+Kesepahaman|Kesepakatan|Treaty|Agreement|Accord|Pact|Memorandum)(?:\s+[\p{Lu}][\p{L}\-]*)+/u.exec(sentence);
  if (!m) return null;
  return sentence
    .slice(m.index)
    .replace(/["”’]?\s*$/u, '')
    .replace(/[.,;:"”]+$/u, '')
    .trim();
}

// "saat dihubungi melalui telepon" / "when contacted by phone": the reporter's call, not the event's.
const REPORTER_CALL = /(?<![\p{L}])(?:dihubungi|menghubungi|contacted|reached\s+by)(?![\p{L}])/iu;

/** Whether the event itself was a phone call (not a reporter phoning a source). */
export function isPhoneCall(sentence: string): boolean {
  return PHONE_CALL.test(sentence) && !REPORTER_CALL.test(sentence);
}

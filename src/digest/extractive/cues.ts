/**
 * Cue phrases that mark agreements, earlier signings and next steps. Precision matters more than
 * recall here: a wrong "agreement" misleads a reader, a missing one only makes the digest shorter.
 */

const AGREEMENT_ID =
  /(?<![\p{L}])(?:bersepakat|sepakat|menyepakati|disepakati|kesepakatan\s+(?:telah\s+|berhasil\s+)?dicapai|mencapai\s+kesepakatan|menandatangani|ditandatangani|penandatanganan|nota\s+kesepahaman|MoU|meneken|diteken|menyetujui|disetujui)(?![\p{L}])/iu;
const AGREEMENT_EN =
  /(?<![\p{L}])(?:agreed|agree(?:s)?\s+to|signed|signing|memorandum\s+of\s+understanding|MoU|reached\s+(?:a|an)\s+(?:\w+\s+)?(?:deal|agreement)|struck\s+(?:a|an)\s+(?:\w+\s+)?deal|inked)(?![\p{L}])/iu;

// "belum sepakat", "failed to agree": no agreement happened.
const NEGATED =
  /(?<![\p{L}])(?:belum|tidak|tak|gagal|batal)\s+(?:\p{L}+\s+)?(?:sepakat|menyepakati|mencapai\s+kesepakatan|menandatangani|menyetujui)|(?:failed|fail|refused|declined)\s+to\s+(?:agree|sign|reach)|(?:did\s+not|didn't|have\s+not|haven't|has\s+not|hasn't|yet\s+to)\s+(?:agree|sign|reach)|no\s+(?:agreement|deal)\s+was|without\s+(?:an?\s+)?(?:agreement|deal)/iu;

// Readiness, hopes and efforts: "siap mendorong… tercapainya kesepakatan" is not an agreement.
const ASPIRATION =
  /(?<![\p{L}])(?:siap|kesiapan|berharap|harapan|diharapkan|mendorong|berupaya|upaya|demi\s+tercapainya|untuk\s+mencapai|ingin|hope[sd]?|ready\s+to|readiness|seek(?:s|ing)?\s+to|aim(?:s|ing)?\s+to|push(?:es|ing)?\s+for|would\s+(?:agree|sign)|could\s+(?:agree|sign)|may\s+(?:agree|sign))(?![\p{L}])/iu;

// Congratulations and condolences are courtesy, not agreements.
const COURTESY = /(?<![\p{L}])(?:ucapan\s+selamat|belasungkawa|duka\s+cita|terima\s+kasih|congratulat\w*|condolences?|thank(?:ed|s)?)(?![\p{L}])/iu;

// A signing that happened before this event: background, not an agreement of the day.
const PAST_SIGNING =
  /(?<![\p{L}])(?:yang\s+(?:telah|sudah|pernah)\s+(?:di)?(?:tandatangani|teken|sepakati|setujui)|(?:telah|sudah|pernah)\s+(?:menandatangani|meneken|menyepakati)|(?:ditandatangani|diteken|disepakati|disetujui)\s+(?:[^.,;]*?\s)?(?:pada|saat|dalam|di|tahun)\s+[^.;]*?(?:lalu|sebelumnya|silam)|(?:ditandatangani|diteken|disepakati)\s+(?:pada\s+)?(?:tahun\s+)?(?:19|20)\d{2}|tahun\s+lalu|bulan\s+lalu|(?:signed|agreed|inked|concluded)\s+(?:[^.,;]*?\s)?(?:in|on|last|earlier)\s+(?:(?:19|20)\d{2}|year|month|week|january|february|march|april|may|june|july|august|september|october|november|december|this\s+year)|had\s+(?:previously\s+|already\s+)?(?:signed|agreed)|earlier\s+this\s+year|last\s+year|previously\s+signed)(?![\p{L}])/iu;

const NEXT_STEP_CUE_ID =
  /(?<![\p{L}])(?:akan|berencana|dijadwalkan|rencananya|direncanakan|bakal|selanjutnya|ke\s+depan)(?![\p{L}])/iu;
const NEXT_STEP_CUE_EN =
  /(?<![\p{L}])(?:will|plans?\s+to|planned\s+to|planning\s+to|(?:is|are)\s+scheduled\s+to|scheduled\s+for|(?:is|are)\s+(?:expected|set|due)\s+to|next\s+(?:week|month|year)|to\s+visit)(?![\p{L}])/iu;
// A next step must name an action or a time, not just intent ("akan terus" / "will continue to" alone is vague).
const NEXT_STEP_ACTION =
  /(?<![\p{L}])(?:kunjungan|berkunjung|mengunjungi|bertemu|pertemuan|bertatap\s+muka|menandatangani|penandatanganan|meneken|menggelar|mengadakan|menyelenggarakan|perundingan|negosiasi|KTT|konferensi|sidang|menghadiri|menjadi\s+tuan\s+rumah|pekan\s+depan|minggu\s+depan|bulan\s+depan|tahun\s+depan|besok|lusa|visit(?:s|ing)?|meet(?:s|ing)?|sign(?:ing)?|hold(?:s|ing)?|host(?:s|ing)?|talks|summit|attend(?:s|ing)?|resume|round|conference|next\s+(?:week|month|year)|tomorrow)(?![\p{L}])/iu;
const VAGUE_HOPE = /(?<![\p{L}])(?:berharap|harapan|semoga|hope[sd]?|wish(?:es)?|tidak\s+akan|tak\s+akan|will\s+not|won't)(?![\p{L}])/iu;
const PAST_TENSE_EVENT = /(?<![\p{L}])(?:telah|sudah|sebelumnya|previously|last\s+(?:week|month|year))(?![\p{L}])/iu;

/** Whether a sentence reports something the parties agreed or signed in this event. */
export function isAgreement(sentence: string): boolean {
  const cue = AGREEMENT_ID.exec(sentence) ?? AGREEMENT_EN.exec(sentence);
  if (!cue) return false;
  if (NEGATED.test(sentence) || COURTESY.test(sentence)) return false;
  // Only readiness *before* the cue disqualifies: "sepakat untuk mendorong…" is still an agreement.
  if (ASPIRATION.test(sentence.slice(0, cue.index))) return false;
  if (isPastSigning(sentence)) return false;
  return true;
}

/** Whether a sentence mentions a signing or agreement from before this event (background). */
export function isPastSigning(sentence: string): boolean {
  return (AGREEMENT_ID.test(sentence) || AGREEMENT_EN.test(sentence)) && PAST_SIGNING.test(sentence);
}

/** Whether a sentence announces a concrete planned action (a visit, a meeting, a signing, a date). */
export function isNextStep(sentence: string, hasFutureDate = false): boolean {
  if (!(NEXT_STEP_CUE_ID.test(sentence) || NEXT_STEP_CUE_EN.test(sentence))) return false;
  if (VAGUE_HOPE.test(sentence) || PAST_TENSE_EVENT.test(sentence)) return false;
  return NEXT_STEP_ACTION.test(sentence) || hasFutureDate;
}

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

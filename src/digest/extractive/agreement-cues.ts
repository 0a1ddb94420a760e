/**
 * Agreements concluded at the reported event, read clause by clause. A cue verb alone is not enough:
 * "agreed to stay in close contact", "agreed that dialogue is essential", "sepakat meningkatkan
 * kerja sama" and a treaty recalled as background are not outcomes of the day. Precision matters more
 * than recall: a wrong "agreement" misleads a reader, a missing one only makes the digest shorter.
 */

const L = String.raw`(?<![\p{L}\p{N}])`;
const R = String.raw`(?![\p{L}\p{N}])`;
const word = (body: string, flags = 'iu') => new RegExp(`${L}(?:${body})${R}`, flags);

// --- The cue verbs ------------------------------------------------------------------------------

/** "agreed to …", "agreed that …", "sepakat menyusun …": the complement decides. */
const AGREED = new RegExp(
  `${L}(?:agree[sd]?)(?=\\s+(?:today\\s+|yesterday\\s+|on\\s+\\p{Lu}\\p{L}+\\s+|in\\s+principle\\s+|formally\\s+|unanimously\\s+)?(?:to|that|on|upon)${R})|${L}(?:(?:ber)?sepakat|menyepakati|disepakati|menyetujui|disetujui)${R}`,
  'iu',
);
/** "signed an MoU", "kesepakatan berhasil dicapai": concluded by their very wording. */
const CONCLUDED = word(
  [
    String.raw`signed|inked|co-signed|countersigned`,
    String.raw`(?:witnessed|welcomed|oversaw|presided\s+over|announced)\s+the\s+(?:signing|conclusion)\s+of|exchanged\s+(?:the\s+)?(?:signed\s+)?(?:documents|memorand(?:a|ums)|MoUs|agreements|instruments\s+of\s+ratification|notes)|(?:produced|yielded|resulted\s+in)\s+(?:an?\s+)?(?:agreement|deal)|menghasilkan\s+(?:sebuah\s+|beberapa\s+|\d+\s+)?(?:kesepakatan|perjanjian|nota\s+kesepahaman)`,
    String.raw`(?:reached|struck|concluded|clinched|sealed|finali[sz]ed)\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}(?:agreement|deal|accord|treaty|understanding|memorandum|pact|consensus)`,
    String.raw`(?:agreement|deal|accord|consensus|understanding)\s+(?:[\p{L}-]+\s+){0,5}?(?:was|has\s+been|were|have\s+been)\s+(?:reached|struck|concluded|clinched)`,
    String.raw`(?:were|was|have\s+been|has\s+been)\s+(?:approved|adopted|agreed|concluded|launched|established|endorsed)\s+(?:at|during|in)\s+(?:the|this|today[’']s)\s+(?:[\p{L}-]+\s+){0,3}(?:summit|meeting|talks|visit|conference|session|ceremony|forum|event)`,
    String.raw`menandatangani|ditandatangani|ditanda-tangani|meneken|diteken|(?:menyaksikan|menyambut\s+baik)\s+(?:penandatanganan|pertukaran)|bertukar\s+(?:dokumen|nota|MoU)`,
    String.raw`(?:kesepakatan|konsensus)\s+(?:[\p{L}-]+\s+){0,3}?(?:telah\s+|berhasil\s+|akhirnya\s+)?dicapai|mencapai\s+(?:kesepakatan|konsensus)`,
    String.raw`(?:disahkan|diluncurkan|diresmikan|dibentuk)\s+(?:dalam|pada|saat|di\s+sela)\s+(?:pertemuan|kunjungan|KTT|konferensi|sidang)`,
  ].join('|'),
);
/** Verbs that make an agreement only when both sides act: "the two leaders decided to …". */
const JOINT_VERB = word(
  String.raw`(?:have\s+|has\s+)?decided\s+(?:to|that)|(?:jointly\s+)?(?:announced?|launched?|adopted|established|endorsed|approved|unveiled)|(?:jointly\s+)?commit(?:s|ted)?\s+to|memutuskan|meluncurkan|mengumumkan|membentuk|mengesahkan|berkomitmen\s+untuk\s+bersama`,
);

/** Who acts: both sides, the parties, or two named actors joined by "and". */
const JOINT_SUBJECT = new RegExp(
  [
    String.raw`${L}(?:the\s+two|both)\s+(?:[\p{L}-]+\s+){0,2}(?:leaders|sides|countries|governments|presidents|ministers|parties|delegations|nations|heads\s+of\s+state|secretaries|chiefs|premiers)${R}`,
    String.raw`${L}(?:both\s+sides|jointly|together|they|we)${R}`,
    String.raw`${L}the\s+[“"']?(?:parties|participants|sides|leaders|signatories|governments|member\s+states)${R}`,
    String.raw`${L}kedua\s+(?:belah\s+pihak|negara|pemimpin|pihak|menteri|presiden|pemerintah(?:an)?|kepala\s+negara|delegasi|perdana\s+menteri)${R}`,
    String.raw`${L}(?:keduanya|para\s+pemimpin|kami|kita|bersama-sama)${R}`,
  ].join('|'),
  'iu',
);
// "President Biden and Prime Minister Chinh", "Guatemala and the United States", "Indonesia dan Jepang".
const NAMED_PAIR = /\p{Lu}[\p{L}.’'-]*\s+(?:and|dan)\s+(?:the\s+)?(?:\p{Ll}+\s+){0,2}\p{Lu}/u;

// --- What makes a cue hollow ------------------------------------------------------------------

// Relations-talk verbs: keeping in touch, consulting, further discussion. Never an outcome by themselves.
const SOFT_EN = String.raw`stay|remain|keep|maintain|work|working|cooperate|collaborate|consult|coordinate|continue|explore|discuss|consider|study|examine|review|look|pursue|seek|promote|support|respect|uphold|foster|advance|further|build\s+on|engage|communicate|talk|encourage|facilitate|reject|condemn|oppose|address|tackle|reaffirm|push|redouble|make\s+efforts|accelerate|speed\s+up|expedite`;
const SOFT_ID = String.raw`mendorong|menjajaki|menjaga|menjalin|melanjutkan|bekerja\s*sama|berkerja\s*sama|berkomunikasi|berkoordinasi|berkonsultasi|tetap|terus|membahas|mengkaji|mempelajari|mendukung|menghormati|menolak|mengecam|mengutuk|memajukan|mengoptimalkan|menggali|memanfaatkan|menciptakan|mewujudkan|mengupayakan|berupaya|mempercepat|percepat|tingkatkan|perkuat|perluas|dorong|pentingnya|perlunya|akan\s+pentingnya|mengenai\s+pentingnya|soal\s+pentingnya|perlu|penting|menjadikan\s+hubungan`;
// Growth verbs are hollow unless they name a joint activity or a figure: "strengthen ties" is talk,
// "step up joint patrols" and "increase quotas by 10 percent" are outcomes.
const GROW = String.raw`deepen|strengthen|enhance|broaden|intensify|step\s+up|increase|expand|boost|improve|develop|grow|meningkatkan|memperkuat|mempererat|memperluas|memperdalam|mengembangkan|menguatkan`;
// Planned meetings are next steps, not agreements.
const MEETING = String.raw`meet|visit|(?:hold|convene|host|resume)\s+(?:\S+\s+){0,4}?(?:talks|meeting|round|consultations|summit|dialogue|session|conference|negotiations)|convene|reconvene|bertemu|berkunjung|mengunjungi|(?:menggelar|mengadakan|melanjutkan)\s+(?:\S+\s+){0,3}?(?:pertemuan|perundingan|KTT|konferensi|dialog|sidang)`;
const LEAD_FILLER = String.raw`(?:(?:to|untuk|akan|also|further|closely|jointly|continue\s+to|terus|lebih|bersama(?:-sama)?|saling|juga|semakin)\s+)*`;
const SOFT_START = new RegExp(
  `^\\s*${LEAD_FILLER}(?:(?:${SOFT_EN}|${SOFT_ID}|${MEETING})${R}|(?:${GROW})${R}(?!\\s+(?:\\S+\\s+){0,2}?(?:joint|bersama|gabungan)${R}))`,
  'iu',
);
// "agreed on the need to …", "sepakat atas pentingnya …".
const SOFT_OBJECT = /^\s*(?:on|upon|atas|mengenai|soal)\s+(?:the\s+)?(?:need|importance|necessity|value|significance|principles?|pentingnya|perlunya)/iu;

/** Verbs that name a concrete outcome: what an "agreed that" or "committed to" clause must contain. */
const CONCRETE = word(
  [
    String.raw`establish(?:es|ed|ing)?|set(?:ting)?\s+up|create[sd]?|form(?:ed)?|launch(?:es|ed)?|open(?:ed)?|sign(?:ed)?|conclude[sd]?|finali[sz]e[sd]?|implement(?:s|ed)?|adopt(?:s|ed)?|approve[sd]?`,
    String.raw`deploy(?:s|ed)?|provide[sd]?|allocate[sd]?|fund(?:s|ed)?|finance[sd]?|invest(?:s|ed)?|build(?:s)?|construct(?:s|ed)?|reduce[sd]?|cut(?:s)?|lower(?:s|ed)?|lift(?:s|ed)?|remove[sd]?|suspend(?:s|ed)?|eliminate[sd]?`,
    String.raw`extend(?:s|ed)?|renew(?:s|ed)?|exchange[sd]?|release[sd]?|return(?:s|ed)?|withdraw(?:s|n)?|grant(?:s|ed)?|waive[sd]?|designate[sd]?|appoint(?:s|ed)?|instruct(?:s|ed)?|task(?:s|ed)?|direct(?:s|ed)?|draft(?:s|ed)?|restore[sd]?|normali[sz]e[sd]?|upgrade[sd]?|elevate[sd]?|ban(?:s|ned)?|halt(?:s|ed)?|modify|abolish(?:es|ed)?`,
    String.raw`take\s+(?:\S+\s+){0,4}(?:steps|measures|actions)`,
    String.raw`membentuk|mendirikan|membangun|meluncurkan|membuka|menandatangani|menyusun|menetapkan|menghapus(?:kan)?|mencabut|menurunkan|memangkas|menaikkan|memperpanjang|menunda|menghentikan|membebaskan|menyediakan|mengalokasikan|menerapkan|melaksanakan|menugaskan|menginstruksikan|memulai|membuat|menukar|memulangkan|menempatkan|tidak\s+melakukan|memberikan\s+kewenangan|memiliki\s+kewenangan`,
  ].join('|'),
);

// Intentions and readiness: next steps at most ("announced their intent to …", "siap menandatangani").
const INTENT_OBJECT = /^\s*(?:(?:their|its|his|her|our)\s+(?:intent(?:ion)?|plans?|readiness|willingness|desire|determination|hope|support|commitment|interest)|(?:niat|rencana|kesiapan|keinginan|harapan|dukungan|komitmen)\b)/iu;
const ASPIRATION = word(
  String.raw`siap|kesiapan|berharap|harapan|diharapkan|berupaya|upaya|ingin|berencana|rencana|akan|bakal|hope[sd]?|ready|readiness|seek(?:s|ing)?|aim(?:s|ing)?|push(?:es|ing)?\s+for|would|could|might|should|will|shall|expected|plan(?:s|ned)?|intend(?:s|ed)?|want(?:s|ed)?|wish(?:es|ed)?|whether|if|apakah|jika|bila|kalau|nantinya|bisa|can|untuk|to|demi|agar|supaya`,
);
// Lower-case only, so that the month "May" is not a hedge.
const MAY = /(?<![\p{L}])may(?![\p{L}])(?!\s+\d)/u;
const NEGATED = word(
  String.raw`belum|tidak|tak|nggak|enggak|gak|gagal|batal|bukan|not|never|no|failed|fail|refused|declined|didn[’']t|haven[’']t|hasn[’']t|won[’']t|yet\s+to|without`,
);
const COURTESY = word(String.raw`ucapan\s+selamat|belasungkawa|duka\s+cita|congratulat\p{L}*|condolences?`);
// "signed into law", "signed an executive order", "signed up": one side's act or another sense of the word.
const UNILATERAL_SIGNING = /^\s*(?:into\s+law|up|on\s+as|off|in(?![\p{L}])(?!\s+\p{Lu})|(?:an?\s+|the\s+|some\s+)?(?:executive\s+orders?|decrees?|bills?|laws?|legislation|letters?|books?|condolence|petitions?|integers?|cert\p{L}*))/iu;
// What two sides sign: a document, not a petition or a guest book.
const DOCUMENT = /(?<![\p{L}])(?:agreements?|deals?|accords?|treat(?:y|ies)|memorand(?:um|a)|MoUs?|MOUs?|pacts?|contracts?|declarations?|(?:joint\s+)?statements?|protocols?|conventions?|charters?|communiqu[ée]s?|road\s?maps?|plans?|arrangements?|frameworks?|documents?|letters?\s+of\s+intent|LoIs?|nota|kesepakatan|perjanjian|kontrak|deklarasi|dokumen|piagam|protokol|komunike|pernyataan\s+bersama|traktat|konvensi|naskah|memorandum|kerja\s*sama)(?![\p{L}])/iu;

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

/** An earlier signing or agreement: "signed in 2023", "yang telah ditandatangani", "sejak awal 2017". */
const PAST_MARK = word(
  [
    String.raw`since\s+(?:19|20)\d{2}|last\s+(?:year|month|week|decade)|earlier\s+this\s+(?:year|month)|(?:years|months|weeks|decades)\s+ago`,
    String.raw`previously|already|formerly|had\s+(?:\p{L}+\s+)?(?:signed|agreed|concluded|reached|decided)|once\s+signed|original(?:ly)?`,
    String.raw`(?:yang\s+)?(?:telah|sudah|pernah)\s+(?:di)?(?:tanda-?tangani|teken|sepakati|setujui|sepakat|bersepakat|menandatangani|meneken|menyepakati|menyetujui)`,
    String.raw`(?:pada|sejak|tahun)\s+(?:awal\s+|akhir\s+|pertengahan\s+)?(?:19|20)\d{2}|sejak|(?:awal|pertengahan)\s+(?:tahun|bulan)\s+ini|tahun\s+lalu|bulan\s+lalu|pekan\s+lalu|minggu\s+lalu|silam|sebelumnya`,
  ].join('|'),
);
// "… ditandatangani saat kunjungan … pada 17 Januari lalu": "lalu" closing a dated clause.
// "signed in 2023", "established in Jakarta in 2015", "signed in March": a year or a bare month right after the verb dates an earlier act.
const YEAR_AFTER_CUE = new RegExp(
  String.raw`^\s*(?:[\p{L}.,]+\s+){0,5}?(?:(?:in|on|pada|tahun)\s+(?:(?:\p{L}+|\d{1,2})\s+)?(?:19|20)\d{2}(?!\d)|in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)${R})`,
  'iu',
);
const DATED_LALU = /(?:pada|saat|dalam|tahun)\s+[^.;]*?\s(?:lalu)(?![\p{L}])/iu;
/** Recalling a named treaty: "building on the Comprehensive Strategic Partnership", "recalling the Agreement of July 22". */
const RECALL = word(
  String.raw`recall(?:ed|ing|s)?|building\s+on|builds?\s+on|built\s+on|mengingat\s+kembali|merujuk\s+(?:pada|kepada)|mengacu\s+(?:pada|kepada)|menindaklanjuti\s+(?:perjanjian|kesepakatan|nota)`,
);
// Generic treaty words, or a capitalised name ("the Comprehensive Strategic Partnership"), not "our strong partnership".
const TREATY_NAME = /(?<![\p{L}])(?:[Aa]greement|[Tt]reaty|[Aa]ccord|[Pp]act|[Mm]emorandum|MoU|MOU|[Pp]erjanjian|[Kk]esepakatan|[Tt]raktat|[Nn]ota\s+[Kk]esepahaman|Partnership|Declaration|Charter|Kemitraan|Deklarasi|Piagam)(?![\p{L}])/u;
// A recalled treaty in a sentence that announces a plan is a next step's context, not background.
const FUTURE = /(?<![\p{L}])(?:will|shall|akan)(?![\p{L}])/iu;

// --- Clause helpers ----------------------------------------------------------------------------

// Where a clause ends: a semicolon, a colon, a dash, or ", and/but/while" before a new verb phrase.
const CLAUSE_BREAK = /[;:–—]|,\s+(?:and|but|while|whereas|although|which|who|yang|namun|sedangkan|sementara|tetapi|tapi)\s|\s(?:but|while|whereas|namun|sedangkan|tetapi|tapi)\s/giu;

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

function findCues(sentence: string): Cue[] {
  const cues: Cue[] = [];
  for (const [re, kind] of [
    [AGREED, 'agreed'],
    [CONCLUDED, 'concluded'],
    [JOINT_VERB, 'joint'],
  ] as const) {
    for (const m of sentence.matchAll(new RegExp(re.source, 'giu'))) cues.push({ index: m.index, end: m.index + m[0].length, kind });
  }
  return cues.sort((a, b) => a.index - b.index);
}

// A measurable target turns "increase trade" into an outcome: "to USD 10 billion", "by 20 percent".
const NUMBER = /\d[\d.,]*\s*(?:%|percent|per\s+cent|persen|billion|million|trillion|miliar|juta|triliun|tons?)|[$€£]\s*\d|(?:USD|US\$|Rp)\s*\d/iu;

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

// "Following talks between Russia and Turkey, …": an opening phrase that names the setting, not the subject.
const SETTING_OPENER = /^\s*(?:following|after|during|in|at|on|building|recalling|as|with|under|pursuant|menurut|dalam|setelah|usai|pada|di|sebelumnya|terkait|mengenai|dengan)(?![\p{L}])/iu;

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

// Verbs that date a treaty only together with a past mark: "which the two countries concluded last year".
const PAST_ONLY_VERB = new RegExp(`${L}(?:concluded|reached|ratified|adopted|established|agreed|disepakati|diratifikasi|dicapai)${R}`, 'giu');

/** Whether a sentence recalls a signing or agreement from before this event (background). */
export function isPastSigning(sentence: string): boolean {
  if (isAgreement(sentence)) return false;
  const cues: { index: number; end: number }[] = findCues(sentence).filter((c) => c.kind !== 'joint' || /established|adopted|launched/iu.test(sentence.slice(c.index, c.end)));
  for (const m of sentence.matchAll(PAST_ONLY_VERB)) cues.push({ index: m.index, end: m.index + m[0].length });
  const pastCue = cues.some((cue) => {
    const clause = sentence.slice(clauseStart(sentence, cue.index), clauseEnd(sentence, cue.end));
    const after = sentence.slice(cue.end);
    return PAST_MARK.test(clause) || DATED_LALU.test(after) || YEAR_AFTER_CUE.test(after);
  });
  if (pastCue) return true;
  const recall = RECALL.exec(sentence);
  return recall !== null && !FUTURE.test(sentence) && TREATY_NAME.test(sentence.slice(recall.index, recall.index + 160));
}

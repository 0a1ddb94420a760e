/**
 * The words the agreement cues read (agreement-cues.ts): cue verbs, what makes a cue hollow (relations
 * talk, hedges, courtesy), concrete outcomes, documents, and marks of an earlier act. English and Indonesian.
 */

export const L = String.raw`(?<![\p{L}\p{N}])`;
export const R = String.raw`(?![\p{L}\p{N}])`;
export const word = (body: string, flags = 'iu') => new RegExp(`${L}(?:${body})${R}`, flags);

// --- The cue verbs ------------------------------------------------------------------------------

/** "agreed to …", "agreed that …", "sepakat menyusun …": the complement decides. */
export const AGREED = new RegExp(
  `${L}(?:agree[sd]?)(?=\\s+(?:today\\s+|yesterday\\s+|on\\s+\\p{Lu}\\p{L}+\\s+|in\\s+principle\\s+|formally\\s+|unanimously\\s+)?(?:to|that|on|upon)${R}|\\s+(?:a|an|the)\\s+(?:\\S+\\s+){0,3}?(?:deal|communiqu[ée]|declaration|statement|framework|plan|roadmap|text|package)${R})|${L}(?:(?:ber)?sepakat|menyepakati|disepakati|menyetujui|disetujui)${R}`,
  'iu',
);
/** "signed an MoU", "kesepakatan berhasil dicapai": concluded by their very wording. */
export const CONCLUDED = word(
  [
    String.raw`signed|inked|co-signed|countersigned`,
    String.raw`(?:witnessed|welcomed|oversaw|presided\s+over|announced)\s+the\s+(?:signing|conclusion)\s+of|exchanged\s+(?:the\s+)?(?:signed\s+)?(?:documents|memorand(?:a|ums)|MoUs|agreements|instruments\s+of\s+ratification|notes)|(?:produced|yielded|resulted\s+in)\s+(?:an?\s+)?(?:agreement|deal)|menghasilkan\s+(?:sebuah\s+|beberapa\s+|\d+\s+)?(?:kesepakatan|perjanjian|nota\s+kesepahaman)`,
    String.raw`(?:reached|struck|concluded|clinched|sealed|finali[sz]ed)\s+(?:a|an|the)\s+(?:[\p{L}-]+\s+){0,4}(?:agreement|deal|accord|treaty|understanding|memorandum|pact|consensus)`,
    String.raw`(?:agreement|deal|accord|consensus|understanding)\s+(?:[\p{L}-]+\s+){0,5}?(?:was|has\s+been|were|have\s+been)\s+(?:reached|struck|concluded|clinched)`,
    String.raw`(?:were|was|have\s+been|has\s+been)\s+(?:approved|adopted|agreed|concluded|launched|established|endorsed)\s+(?:at|during|in)\s+(?:the|this|today[’']s)\s+(?:[\p{L}-]+\s+){0,3}(?:summit|meeting|talks|visit|conference|session|ceremony|forum|event)`,
    String.raw`menandatangani|ditandatangani|ditanda-tangani|meneken|diteken|(?:menyaksikan|menyambut\s+baik)\s+(?:penandatanganan|pertukaran)|bertukar\s+(?:dokumen|nota|MoU)`,
    // "The signing of a memorandum on … was witnessed by …", "Penandatanganan nota kesepahaman … disaksikan oleh …":
    // the signing is the subject. The gap is bounded (no rescans on a long sentence) and the verb is past, not "will be".
    String.raw`signing\s+(?:ceremony\s+)?of\s+(?:an?\s+|the\s+|\d+\s+|two\s+|three\s+|four\s+|several\s+)?(?:[\p{L}-]+\s+){0,3}?(?:agreements?|memorand(?:um|a)|MoUs?|accords?|treat(?:y|ies)|protocols?|declarations?|letters?\s+of\s+intent)(?:\s+[^.;]{0,160}?)?\s+(?:was|were)\s+(?:witnessed|held|conducted|attended)`,
    String.raw`penandatanganan\s+(?:\d+\s+|dua\s+|tiga\s+|empat\s+|sejumlah\s+|beberapa\s+)?(?:nota\s+kesepahaman|perjanjian|kesepakatan|MoU|memorandum|protokol|deklarasi|naskah)(?:\s+[^.;]{0,160}?)?\s+(?<!akan\s)(?<!akan\s+di\S*\s)(?:disaksikan|dilakukan|dilaksanakan|berlangsung)`,
    String.raw`(?:kesepakatan|konsensus)\s+(?:[\p{L}-]+\s+){0,3}?(?:telah\s+|berhasil\s+|akhirnya\s+)?dicapai|mencapai\s+(?:kesepakatan|konsensus)`,
    String.raw`(?:disahkan|diluncurkan|diresmikan|dibentuk)\s+(?:dalam|pada|saat|di\s+sela)\s+(?:pertemuan|kunjungan|KTT|konferensi|sidang)`,
  ].join('|'),
);
/** Verbs that make an agreement only when both sides act: "the two leaders decided to …". */
export const JOINT_VERB = word(
  String.raw`(?:have\s+|has\s+)?decided\s+(?:to|that)|(?:jointly\s+)?(?:announced?|launched?|adopted|established|endorsed|approved|unveiled)|(?:jointly\s+)?commit(?:s|ted)?\s+to|memutuskan|meluncurkan|mengumumkan|membentuk|mengesahkan|berkomitmen\s+untuk\s+bersama`,
);

/** Who acts: both sides, the parties, or two named actors joined by "and". */
export const JOINT_SUBJECT = new RegExp(
  [
    String.raw`${L}(?:the\s+two|both)\s+(?:[\p{L}-]+\s+){0,2}(?:leaders|sides|countries|governments|presidents|ministers|parties|delegations|nations|heads\s+of\s+state|secretaries|chiefs|premiers)${R}`,
    String.raw`${L}(?:both\s+sides|jointly|together)${R}`,
    // "They decided …", but not one side's officials who "said they launched …".
    String.raw`(?<!(?:said|says|say|told|added|stated|according\s+to)\s+)${L}(?:they|we)${R}`,
    String.raw`${L}the\s+[“"']?(?:parties|participants|sides|leaders|signatories|governments|member\s+states)${R}`,
    String.raw`${L}kedua\s+(?:belah\s+pihak|negara|pemimpin|pihak|menteri|presiden|pemerintah(?:an)?|kepala\s+negara|delegasi|perdana\s+menteri)${R}`,
    String.raw`${L}(?:keduanya|para\s+pemimpin|kami|kita|bersama-sama)${R}`,
  ].join('|'),
  'iu',
);
// "President Biden and Prime Minister Chinh", "Guatemala and the United States", "Indonesia dan Jepang".
export const NAMED_PAIR = /\p{Lu}[\p{L}.’'-]*\s+(?:and|dan)\s+(?:the\s+)?(?:\p{Ll}+\s+){0,2}\p{Lu}/u;

// --- What makes a cue hollow ------------------------------------------------------------------

// Relations-talk verbs: keeping in touch, consulting, further discussion. Never an outcome by themselves.
export const SOFT_EN = String.raw`stay|remain|keep|maintain|work|working|cooperate|collaborate|consult|coordinate|continue|explore|discuss|consider|study|examine|review|look|pursue|seek|promote|support|respect|uphold|foster|advance|further|build\s+on|engage|communicate|talk|encourage|facilitate|reject|condemn|oppose|address|tackle|reaffirm|push|redouble|make\s+efforts|accelerate|speed\s+up|expedite`;
export const SOFT_ID = String.raw`mendorong|menjajaki|menjaga|menjalin|melanjutkan|bekerja\s*sama|berkerja\s*sama|berkomunikasi|berkoordinasi|berkonsultasi|tetap|terus|membahas|mengkaji|mempelajari|mendukung|menghormati|menolak|mengecam|mengutuk|memajukan|mengoptimalkan|menggali|memanfaatkan|menciptakan|mewujudkan|mengupayakan|berupaya|mempercepat|percepat|tingkatkan|perkuat|perluas|dorong|pentingnya|perlunya|akan\s+pentingnya|mengenai\s+pentingnya|soal\s+pentingnya|perlu|penting|menjadikan\s+hubungan`;
// Growth verbs are hollow unless they name a joint activity or a figure: "strengthen ties" is talk,
// "step up joint patrols" and "increase quotas by 10 percent" are outcomes.
export const GROW = String.raw`deepen|strengthen|enhance|broaden|intensify|step\s+up|increase|expand|boost|improve|develop|grow|meningkatkan|memperkuat|mempererat|memperluas|memperdalam|mengembangkan|menguatkan`;
// Planned meetings are next steps, not agreements.
export const MEETING = String.raw`meet|visit|(?:hold|convene|host|resume)\s+(?:\S+\s+){0,4}?(?:talks|meeting|round|consultations|summit|dialogue|session|conference|negotiations)|convene|reconvene|bertemu|berkunjung|mengunjungi|(?:menggelar|mengadakan|melanjutkan)\s+(?:\S+\s+){0,3}?(?:pertemuan|perundingan|KTT|konferensi|dialog|sidang)`;
export const LEAD_FILLER = String.raw`(?:(?:to|untuk|akan|also|further|closely|jointly|continue\s+to|terus|lebih|bersama(?:-sama)?|saling|juga|semakin)\s+)*`;
export const SOFT_START = new RegExp(
  `^\\s*${LEAD_FILLER}(?:(?:${SOFT_EN}|${SOFT_ID}|${MEETING})${R}|(?:${GROW})${R}(?!\\s+(?:\\S+\\s+){0,2}?(?:joint|bersama|gabungan)${R}))`,
  'iu',
);
// "agreed on the need to …", "sepakat atas pentingnya …".
export const SOFT_OBJECT = /^\s*(?:on|upon|atas|mengenai|soal)\s+(?:the\s+)?(?:need|importance|necessity|value|significance|principles?|pentingnya|perlunya)/iu;

/** Verbs that name a concrete outcome: what an "agreed that" or "committed to" clause must contain. */
export const CONCRETE = word(
  [
    String.raw`establish(?:es|ed|ing)?|set(?:ting)?\s+up|create[sd]?|form(?:ed)?|launch(?:es|ed)?|open(?:ed)?|sign(?:ed)?|conclude[sd]?|finali[sz]e[sd]?|implement(?:s|ed)?|adopt(?:s|ed)?|approve[sd]?`,
    String.raw`deploy(?:s|ed)?|provide[sd]?|allocate[sd]?|fund(?:s|ed)?|finance[sd]?|invest(?:s|ed)?|build(?:s)?|construct(?:s|ed)?|reduce[sd]?|cut(?:s)?|lower(?:s|ed)?|lift(?:s|ed)?|remove[sd]?|suspend(?:s|ed)?|eliminate[sd]?`,
    String.raw`extend(?:s|ed)?|renew(?:s|ed)?|exchange[sd]?|release[sd]?|return(?:s|ed)?|withdraw(?:s|n)?|grant(?:s|ed)?|waive[sd]?|designate[sd]?|appoint(?:s|ed)?|instruct(?:s|ed)?|task(?:s|ed)?|direct(?:s|ed)?|draft(?:s|ed)?|restore[sd]?|normali[sz]e[sd]?|upgrade[sd]?|elevate[sd]?|ban(?:s|ned)?|halt(?:s|ed)?|modify|abolish(?:es|ed)?`,
    String.raw`take\s+(?:\S+\s+){0,4}(?:steps|measures|actions)`,
    String.raw`membentuk|mendirikan|membangun|meluncurkan|membuka|menandatangani|menyusun|menetapkan|menghapus(?:kan)?|mencabut|menurunkan|memangkas|menaikkan|memperpanjang|menunda|menghentikan|membebaskan|menyediakan|mengalokasikan|menerapkan|melaksanakan|menugaskan|menginstruksikan|memulai|membuat|menukar|memulangkan|menempatkan|tidak\s+melakukan|memberikan\s+kewenangan|memiliki\s+kewenangan`,
  ].join('|'),
);

// Intentions and readiness: next steps at most ("announced their intent to …", "siap menandatangani").
export const INTENT_OBJECT = /^\s*(?:(?:their|its|his|her|our)\s+(?:intent(?:ion)?|plans?|readiness|willingness|desire|determination|hope|support|commitment|interest)|(?:niat|rencana|kesiapan|keinginan|harapan|dukungan|komitmen)\b)/iu;
export const ASPIRATION = word(
  String.raw`siap|kesiapan|berharap|harapan|diharapkan|berupaya|upaya|ingin|berencana|rencana|akan|bakal|hope[sd]?|ready|readiness|seek(?:s|ing)?|aim(?:s|ing)?|push(?:es|ing)?\s+for|would|could|might|should|will|shall|expected|plan(?:s|ned)?|intend(?:s|ed)?|want(?:s|ed)?|wish(?:es|ed)?|whether|if|apakah|jika|bila|kalau|nantinya|bisa|can|untuk|to|demi|agar|supaya`,
);
// Lower-case only, so that the month "May" is not a hedge.
export const MAY = /(?<![\p{L}])may(?![\p{L}])(?!\s+\d)/u;
export const NEGATED = word(
  String.raw`belum|tidak|tak|nggak|enggak|gak|gagal|batal|bukan|not|never|no|failed|fail|refused|declined|didn[’']t|haven[’']t|hasn[’']t|won[’']t|yet\s+to|without`,
);
export const COURTESY = word(String.raw`ucapan\s+selamat|belasungkawa|duka\s+cita|congratulat\p{L}*|condolences?`);
// "signed into law", "signed an executive order", "signed up": one side's act or another sense of the word.
export const UNILATERAL_SIGNING = /^\s*(?:into\s+law|up|on\s+as|off|in(?![\p{L}])(?!\s+\p{Lu})|(?:an?\s+|the\s+|some\s+)?(?:executive\s+orders?|decrees?|bills?|laws?|legislation|letters?|books?|condolence|petitions?|integers?|cert\p{L}*))/iu;
// What two sides sign: a document, not a petition or a guest book.
export const DOCUMENT = /(?<![\p{L}])(?:agreements?|deals?|accords?|treat(?:y|ies)|memorand(?:um|a)|MoUs?|MOUs?|pacts?|contracts?|declarations?|(?:joint\s+)?statements?|protocols?|conventions?|charters?|communiqu[ée]s?|road\s?maps?|plans?|arrangements?|frameworks?|documents?|letters?\s+of\s+intent|LoIs?|partnerships?|programmes?|programs?|compacts?|nota|kesepakatan|perjanjian|persetujuan|pengaturan|kontrak|deklarasi|dokumen|piagam|protokol|komunike|pernyataan\s+bersama|traktat|konvensi|naskah|memorandum|kerja\s*sama|kemitraan|rencana\s+aksi|peta\s+jalan|cetak\s+biru|kerangka\s+kerja|program)(?![\p{L}])/iu;


/** An earlier signing or agreement: "signed in 2023", "yang telah ditandatangani", "sejak awal 2017". */
export const PAST_MARK = word(
  [
    String.raw`since\s+(?:19|20)\d{2}|last\s+(?:year|month|week|decade)|earlier\s+this\s+(?:year|month)|(?:years|months|weeks|decades)\s+ago`,
    String.raw`previously|already|formerly|had\s+(?:\p{L}+\s+)?(?:signed|agreed|concluded|reached|decided)|once\s+signed|original(?:ly)?`,
    // "yang telah ditandatangani" recalls; a main-clause "kedua negara telah menyepakati …" often reports the day's outcome.
    String.raw`(?:yang\s+telah|(?:yang\s+)?(?:sudah|pernah))\s+(?:di)?(?:tanda-?tangani|teken|sepakati|setujui|sepakat|bersepakat|menandatangani|meneken|menyepakati|menyetujui)|telah\s+di(?:tanda-?tangani|teken|sepakati|setujui)`,
    String.raw`(?:pada|sejak|tahun)\s+(?:awal\s+|akhir\s+|pertengahan\s+)?(?:19|20)\d{2}|sejak|(?:awal|pertengahan)\s+(?:tahun|bulan)\s+ini|tahun\s+lalu|bulan\s+lalu|pekan\s+lalu|minggu\s+lalu|silam|sebelumnya`,
  ].join('|'),
);
// "… ditandatangani saat kunjungan … pada 17 Januari lalu": "lalu" closing a dated clause.
export const PAST_OPENER = /^\s*(?:sebelumnya|previously|earlier|last\s+(?:year|month|week)|(?:in|pada|tahun)\s+(?:(?:\p{L}+|\d{1,2})\s+)?(?:19|20)\d{2}|tahun\s+lalu|bulan\s+lalu|\d+\s+(?:years|tahun)\s+(?:ago|lalu))(?![\p{L}\p{N}])/iu;
// "signed in 2023", "established in Jakarta in 2015", "signed in March": a year or a bare month right after the verb dates an earlier act.
export const YEAR_AFTER_CUE = new RegExp(
  String.raw`^\s*(?:[\p{L}.,]+\s+){0,5}?(?:(?:in|on|pada|tahun)\s+(?:(?:\p{L}+|\d{1,2})\s+)?(?:19|20)\d{2}(?!\d)|in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)${R})`,
  'iu',
);
// Bounded: an unbounded lazy run from every "pada" is quadratic on a long sentence without full stops.
export const DATED_LALU = /(?:pada|saat|dalam|tahun)\s+[^.;]{0,160}?\s(?:lalu)(?![\p{L}])/iu;
/** Recalling a named treaty: "building on the Comprehensive Strategic Partnership", "recalling the Agreement of July 22". */
export const RECALL = word(
  String.raw`recall(?:ed|ing|s)?|building\s+on|builds?\s+on|built\s+on|mengingat\s+kembali|merujuk\s+(?:pada|kepada)|mengacu\s+(?:pada|kepada)|menindaklanjuti\s+(?:perjanjian|kesepakatan|nota)`,
);
// Generic treaty words, or a capitalised name ("the Comprehensive Strategic Partnership"), not "our strong partnership".
export const TREATY_NAME = /(?<![\p{L}])(?:[Aa]greement|[Tt]reaty|[Aa]ccord|[Pp]act|[Mm]emorandum|MoU|MOU|[Pp]erjanjian|[Kk]esepakatan|[Tt]raktat|[Nn]ota\s+[Kk]esepahaman|Partnership|Declaration|Charter|Kemitraan|Deklarasi|Piagam)(?![\p{L}])/u;
// A recalled treaty in a sentence that announces a plan is a next step's context, not background.
export const FUTURE = /(?<![\p{L}])(?:will|shall|akan)(?![\p{L}])/iu;

// Where a clause ends: a semicolon, a colon, a dash, or ", and/but/while" before a new verb phrase.
export const CLAUSE_BREAK = /[;:–—]|,\s+(?:and|but|while|whereas|although|which|who|yang|namun|sedangkan|sementara|tetapi|tapi)\s|\s(?:but|while|whereas|namun|sedangkan|tetapi|tapi)\s/giu;

// A measurable target turns "increase trade" into an outcome: "to USD 10 billion", "by 20 percent".
export const NUMBER = /\d[\d.,]*\s*(?:%|percent|per\s+cent|persen|billion|million|trillion|miliar|juta|triliun|tons?)|[$€£]\s*\d|(?:USD|US\$|Rp)\s*\d/iu;

// "Following talks between Russia and Turkey, …": an opening phrase that names the setting, not the subject.
export const SETTING_OPENER = /^\s*(?:following|after|during|in|at|on|building|recalling|as|with|under|pursuant|menurut|dalam|setelah|usai|pada|di|sebelumnya|terkait|mengenai|dengan)(?![\p{L}])/iu;

// Verbs that date a treaty only together with a past mark: "which the two countries concluded last year".
export const PAST_ONLY_VERB = new RegExp(`${L}(?:concluded|reached|ratified|adopted|established|agreed|disepakati|diratifikasi|dicapai)${R}`, 'giu');

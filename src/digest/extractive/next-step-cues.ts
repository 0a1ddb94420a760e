/**
 * Next steps: explicit future actions only (planned visits and meetings, deadlines, launches,
 * instructions to teams, announced intentions to conclude or establish something). "Will continue
 * to support" or a hope is not one.
 */

const L = String.raw`(?<![\p{L}\p{N}])`;
const R = String.raw`(?![\p{L}\p{N}])`;
const word = (body: string) => new RegExp(`${L}(?:${body})${R}`, 'iu');

/** A plan marker that still needs a concrete action after it ("will …", "akan …"). */
const CUE = word(
  [
    String.raw`akan|berencana|dijadwalkan|rencananya|direncanakan|bakal|diperkirakan|berniat|selanjutnya|ke\s+depan|mendatang`,
    String.raw`will|plans?\s+to|planned\s+to|planning\s+to|(?:is|are)\s+scheduled\s+to|scheduled\s+for|(?:is|are)\s+(?:expected|set|due|slated)\s+to|slated\s+to|intends?\s+to|intend\s+that`,
    String.raw`(?:is|are)\s+to\s+be\s+(?:held|signed|launched|hosted|opened|convened|finali[sz]ed)|prepares?\s+to|preparing\s+to|(?:commit|commits|committed)\s+to`,
    String.raw`agreed\s+to\s+(?:meet|visit|hold|convene|resume)|sepakat\s+(?:untuk\s+)?(?:bertemu|berkunjung|menggelar|mengadakan)`,
    String.raw`next\s+(?:week|month|year)|later\s+this\s+(?:year|month|week)|in\s+the\s+(?:next|coming)\s+(?:\S+\s+)?(?:days|weeks|months|years)|within\s+the\s+next|to\s+visit`,
    String.raw`pekan\s+depan|minggu\s+depan|bulan\s+depan|tahun\s+depan|akhir\s+tahun\s+ini`,
  ].join('|'),
);

/**
 * Explicit plans on their own: an accepted invitation, an instruction to a team, an announced
 * intention to conclude or establish something, a planned meeting the speaker looks forward to, a deadline.
 */
const STRONG = word(
  [
    String.raw`(?:announced|announce[sd]?|signal(?:l)?ed|declared)\s+(?:their|its|his|her|our|a\s+shared|the)\s+(?:intent(?:ion)?|plans?)\s+to`,
    // Instructions to officials or teams, not "ordered the crowd to disperse".
    String.raw`(?:tasked|instructed|directed|mandated|ordered)\s+(?:\S+\s+){0,4}?(?:teams?|ministers?|ministries|officials|negotiators|secretar(?:y|ies)|envoys?|ambassadors?|agencies|working\s+groups?|staffs?|delegations?|counterparts)\s+(?:\S+\s+){0,4}?to`,
    // An invitation to visit: "mengundang Menlu Wong berkunjung ke Indonesia" ("invited … to visit" has its own cue).
    String.raw`(?:mengundang|undangan)\s+(?:\S+\s+){0,5}?(?:untuk\s+)?(?:berkunjung|mengunjungi|datang\s+ke|hadir\s+(?:di|dalam|pada))`,
    String.raw`(?:menugaskan|menginstruksikan|memerintahkan|meminta)\s+(?:\S+\s+){0,4}?(?:tim|menteri|kementerian|pejabat|jajaran|delegasi|staf|duta\s+besar|dubes|jaksa\s+agung|kepala|para\s+menteri)\s+(?:\S+\s+){0,5}?untuk`,
    String.raw`looks?\s+forward\s+to\s+(?:seeing|welcoming|meeting|hosting|visiting|receiving)|looking\s+forward\s+to\s+(?:seeing|welcoming|meeting|hosting|visiting|receiving)`,
    String.raw`(?:working|work|worked)\s+(?:together\s+)?towards?\s+(?:a|an|the)\s+(?:\S+\s+)?(?:meeting|visit|summit)`,
    String.raw`memberi(?:kan)?\s+(?:waktu|tenggat(?:\s+waktu)?|batas\s+waktu)\s+(?:\S+\s+){0,6}?untuk`,
    String.raw`(?:given|gave|giving)\s+(?:\S+\s+){0,3}?(?:\d+|one|two|three|four|five|seven|ten|fourteen|thirty)\s+(?:days|weeks|months|hours)\s+to`,
  ].join('|'),
);

// A next step must name an action or a time, not just intent ("akan terus" / "will continue to" alone is vague).
const ACTION = word(
  [
    String.raw`kunjungan|berkunjung|mengunjungi|bertemu|menemui|pertemuan|bertatap\s+muka|menandatangani|penandatanganan|meneken|menggelar|mengadakan|menyelenggarakan|perundingan|negosiasi|KTT|konferensi|sidang|menghadiri|menjadi\s+tuan\s+rumah|makan\s+malam|jamuan|meninggalkan|ditindaklanjuti|menindaklanjuti|membentuk|meluncurkan|memulai|dimulai|digelar|diadakan|diselenggarakan|dilaksanakan|diluncurkan|dibentuk|ditandatangani|diteken|dikunjungi|berlangsung`,
    String.raw`pekan\s+depan|minggu\s+depan|bulan\s+depan|tahun\s+depan|besok|lusa`,
    String.raw`visit(?:s|ing)?|meet(?:s|ing)?|seeing|welcoming|receiving|sign(?:ing)?|hold(?:s|ing)?|host(?:s|ing)?|held|talks|summit|attend(?:s|ing)?|resume|reconvene|convene[sd]?|round|conference|dinner|travel|return`,
    String.raw`begin|start|launch(?:es|ed|ing)?|establish(?:ing)?|conclude|finali[sz]e|assume|take\s+over|hand\s+over|chair|take\s+(?:\S+\s+){0,3}(?:steps|actions|measures)`,
    String.raw`next\s+(?:week|month|year)|tomorrow|later\s+this\s+(?:year|month|week)|in\s+the\s+(?:next|coming)\s+(?:\S+\s+)?(?:days|weeks|months|years)|within\s+the\s+next`,
  ].join('|'),
);
// Vows and hopes are not plans; "will not" cancels one.
const VAGUE = word(String.raw`berharap|harapan|semoga|bersumpah|berjanji|hope[sd]?|wish(?:es)?|vow(?:s|ed)?|apakah|whether|kemungkinan|mungkin|possibly|perhaps|might|could|likely|if|jika|apabila|seandainya|kalau|bila|tidak\s+akan|tak\s+akan|will\s+not|won[’']t`);
// "telah" / "last week": it already happened. "Sedianya … dijadwalkan" / "was scheduled to": a plan that fell through.
const PAST = word(
  String.raw`telah|sudah|sebelumnya|sedianya|semula|seharusnya|previously|last\s+(?:week|month|year)|(?:was|were|had\s+been)\s+(?:scheduled|supposed|expected|due|set|slated)\s+to|had\s+planned`,
);
// Without a plan marker, a date ahead still makes a plan of a start: "welcomed the launch of a dialogue in 2027".
const PLANNED_START = word(String.raw`(?:launch|start|opening|inauguration)\s+of|peluncuran|dimulainya|pembukaan`);

/** Whether a sentence announces a concrete planned action (a visit, a meeting, a signing, a deadline, a date). */
export function isNextStep(sentence: string, hasFutureDate = false): boolean {
  // A question or a past plan is not a plan.
  if (PAST.test(sentence) || /\?\s*["”’]?\s*$/u.test(sentence)) return false;
  if (STRONG.test(sentence)) return true;
  if (VAGUE.test(sentence)) return false;
  const cue = CUE.exec(sentence);
  if (!cue) return hasFutureDate && PLANNED_START.test(sentence);
  if (hasFutureDate) return true;
  // The action must come with or after the plan marker: "Kunjungan itu akan berfokus pada …" talks about the current visit.
  return ACTION.test(sentence.slice(cue.index));
}

import { francAll } from 'franc-min';

// Function words carry English vs Indonesian reliably even in a headline and two sentences,
// where trigram statistics (franc) are still guessing.
const ENGLISH = new Set(
  (
    'the and of to in is that for with was on said by as will it at from has have be are were this an not but ' +
    'which his her they he she its their who been would had or after also about more than into over could should ' +
    'there what when while we our you i'
  ).split(' '),
);
const INDONESIAN = new Set(
  (
    'yang dan di ke dari untuk dengan ini itu pada dalam tidak akan telah juga oleh sebagai adalah bahwa kata para ' +
    'atas karena tersebut ada dapat bisa sudah lebih kami kita mereka saat serta menjadi secara antara hingga namun ' +
    'masih seperti bagi agar kepada ia dia sebut setelah sejak yaitu yakni menurut sementara belum sangat harus'
  ).split(' '),
);
// Spellings that differ between Malay and Indonesian; franc often says Malay for Indonesian news.
const MALAY_ONLY = new Set('bahawa kerana boleh ialah selepas kerajaan sahaja mahu semasa iaitu beliau daripada'.split(' '));
const INDONESIAN_ONLY = new Set('bahwa karena bisa adalah setelah pemerintah saja mau yaitu yakni tidak'.split(' '));

/** ISO 639-3 (franc) → ISO 639-1 for the languages franc-min knows that have a two-letter code. */
const ISO_639_1: Record<string, string> = {
  eng: 'en', ind: 'id', zlm: 'ms', zsm: 'ms', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it', nld: 'nl',
  rus: 'ru', ukr: 'uk', bel: 'be', bul: 'bg', srp: 'sr', hrv: 'hr', bos: 'bs', pol: 'pl', ces: 'cs', slk: 'sk',
  ron: 'ro', hun: 'hu', swe: 'sv', tur: 'tr', azj: 'az', uzn: 'uz', kaz: 'kk', arb: 'ar', pes: 'fa', urd: 'ur',
  pbu: 'ps', hin: 'hi', mar: 'mr', npi: 'ne', ben: 'bn', tam: 'ta', tel: 'te', kan: 'kn', mal: 'ml', guj: 'gu',
  pan: 'pa', ori: 'or', sin: 'si', tha: 'th', lao: 'lo', khm: 'km', mya: 'my', vie: 'vi', cmn: 'zh', jpn: 'ja',
  kor: 'ko', heb: 'he', ell: 'el', kat: 'ka', hye: 'hy', amh: 'am', jav: 'jv', sun: 'su', tgl: 'tl', ceb: 'ceb',
  swh: 'sw', hau: 'ha', yor: 'yo', ibo: 'ig', zul: 'zu', som: 'so', kin: 'rw', nya: 'ny', lin: 'ln', run: 'rn',
  plt: 'mg', ckb: 'ckb', ilo: 'ilo', mad: 'mad',
};
/** Languages of the Indonesian archipelago franc picks for short Indonesian text. */
const INDONESIAN_NEIGHBOURS = new Set(['ind', 'zlm', 'zsm', 'jav', 'sun', 'mad', 'min', 'ceb', 'tgl', 'ilo']);

/** Share of function words above which the stop-word verdict stands without franc (see the last rule below). */
const CLEAR_RATIO = 0.2;

/**
 * Detects the language of a text: "en", "id", another ISO 639-1 code, or "und" when unsure.
 * English and Indonesian are decided by function-word counts; other languages by franc-min.
 */
export function detectLanguage(text: string): string {
  const sample = text.length > 6000 ? text.slice(0, 6000) : text;
  const words = sample.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return 'und';

  let en = 0;
  let id = 0;
  let malay = 0;
  let indonesian = 0;
  for (const word of words) {
    if (ENGLISH.has(word)) en++;
    if (INDONESIAN.has(word)) id++;
    if (MALAY_ONLY.has(word)) malay++;
    if (INDONESIAN_ONLY.has(word)) indonesian++;
  }
  const best = Math.max(en, id);
  const ratio = best / words.length;
  const stopwordVerdict = best >= 2 && best >= 1.5 * Math.min(en, id) && ratio >= 0.08 ? (en > id ? 'en' : 'id') : null;
  // Function words this dense decide it whatever franc would say (every branch below returns the same
  // verdict), and franc's trigram pass is most of the cost of detection: skip it.
  if (stopwordVerdict !== null && ratio >= CLEAR_RATIO && (stopwordVerdict === 'en' || indonesian >= malay)) return stopwordVerdict;

  const [top] = francAll(sample, { minLength: 10 });
  const franc = top?.[0] ?? 'und';

  if (franc === 'und') return stopwordVerdict ?? 'und';
  // Trigrams of a five-word headline are a guess; without function words to back it, say so.
  if (words.length < 6 && stopwordVerdict === null && /\p{Script=Latin}/u.test(sample)) return 'und';
  if (franc === 'eng') return stopwordVerdict === 'id' && ratio >= 0.15 ? 'id' : 'en';
  if (INDONESIAN_NEIGHBOURS.has(franc)) {
    if (stopwordVerdict === 'id' && indonesian >= malay) return 'id';
    if (stopwordVerdict === 'en') return 'en';
    return ISO_639_1[franc] ?? 'und';
  }
  // Short English or Indonesian text full of names can look like Dutch or Spanish to trigrams.
  if (stopwordVerdict !== null && ratio >= CLEAR_RATIO) return stopwordVerdict;
  return ISO_639_1[franc] ?? 'und';
}

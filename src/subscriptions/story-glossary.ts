import type { Token } from './topics.js';

/**
 * Everyday wire vocabulary with its Indonesian equivalents, so that an English and an Indonesian
 * report of one event share more than their names ("earthquake"/"gempa", "signed"/"diteken").
 * Places, bodies and diplomatic themes are in the alias table of topics.ts; this is the rest: the
 * verbs and nouns a lead sentence is made of. Forms are folded (lower case, no accents), whole words
 * or two-word phrases; Indonesian forms are listed with their common affixes.
 */
const GLOSSARY: ReadonlyArray<readonly [concept: string, forms: string]> = [
  ['quake', 'earthquake earthquakes quake tremor gempa gempabumi'],
  ['tsunami', 'tsunami'],
  ['magnitude', 'magnitude magnitudo'],
  ['talks', 'talks negotiations negotiation perundingan berunding negosiasi pembicaraan'],
  ['meet', 'meet meets met meeting bertemu pertemuan menemui'],
  ['visit', 'visit visits visited visiting kunjungan kunjungi berkunjung mengunjungi lawatan'],
  ['sign', 'sign signs signed signing teken diteken meneken tandatangani menandatangani ditandatangani penandatanganan'],
  ['agreement', 'agreement agreements deal pact treaty accord perjanjian kesepakatan pakta traktat'],
  ['agree', 'agree agreed agrees sepakat sepakati menyepakati disepakati bersepakat'],
  ['defence', 'defence defense pertahanan'],
  ['military', 'military army militer'],
  ['trade', 'trade perdagangan dagang'],
  ['cooperation', 'cooperation cooperate kerja_sama kerjasama'],
  ['border', 'border borders perbatasan batas'],
  ['troops', 'troops soldiers soldier pasukan tentara prajurit'],
  ['killed', 'killed killing kills dead dies died death tewas meninggal menewaskan'],
  ['injured', 'injured wounded luka terluka'],
  ['attack', 'attack attacks strike strikes airstrike airstrikes serangan menyerang diserang'],
  ['fighting', 'fighting clash clashes bentrokan pertempuran'],
  ['protest', 'protest protests protesters demonstrators unjuk_rasa demonstran pengunjuk_rasa'],
  ['prisoner', 'prisoner prisoners tahanan tawanan'],
  ['exchange', 'exchange swap pertukaran'],
  ['hostage', 'hostage hostages sandera'],
  ['mediator', 'mediator mediators mediation mediated mediasi'],
  ['delegation', 'delegation delegations delegasi'],
  ['round', 'round putaran'],
  ['resume', 'resume resumes resumed lanjutkan melanjutkan dilanjutkan'],
  ['breakthrough', 'breakthrough terobosan'],
  ['withdraw', 'withdraw withdrawal pull_back penarikan menarik'],
  ['violate', 'violate violating violation violations pelanggaran melanggar'],
  ['warring', 'warring bertikai'],
  ['summon', 'summon summons summoned panggil memanggil dipanggil'],
  ['envoy', 'envoy utusan'],
  ['ship', 'ship ships vessel vessels kapal'],
  ['guard', 'guard penjaga'],
  ['coast', 'coast pantai'],
  ['cannon', 'cannon meriam'],
  ['island', 'island islands pulau kepulauan'],
  ['waters', 'waters perairan'],
  ['patrol', 'patrol patrols patroli'],
  ['record', 'record rekor'],
  ['low', 'low weakest terendah terlemah'],
  ['weaken', 'weakens weakened slides slid melemah'],
  ['currency', 'currency rupiah'],
  ['intervene', 'intervene intervenes intervention intervensi'],
  ['quota', 'quota kuota'],
  ['pilgrims', 'pilgrims pilgrim haj hajj haji jemaah'],
  ['extra', 'extra additional tambah tambahan menambah'],
  ['energy', 'energy energi'],
  ['transition', 'transition transisi'],
  ['maritime', 'maritime maritim'],
  ['security', 'security keamanan'],
  ['phone', 'phone telephone telepon'],
  ['discuss', 'discuss discussed discusses discussing bahas membahas'],
  ['situation', 'situation situasi'],
  ['arrive', 'arrive arrives arrived tiba'],
  ['state-visit', 'state_visit kenegaraan'],
  ['houses', 'houses homes rumah'],
  ['damage', 'damage damaged damages rusak merusak'],
  ['market', 'market pasar'],
  ['access', 'access akses'],
  ['tariff', 'tariff tariffs tarif'],
  ['export', 'export exports ekspor'],
  ['economic', 'economic economy ekonomi'],
  ['partnership', 'partnership kemitraan'],
  ['comprehensive', 'comprehensive komprehensif'],
  ['crisis', 'crisis krisis'],
  ['violence', 'violence kekerasan'],
  ['urge', 'urge urges urged desak mendesak'],
  ['release', 'release released pembebasan membebaskan dibebaskan'],
  ['member', 'member membership anggota keanggotaan'],
  ['recognise', 'recognise recognize recognition akui mengakui pengakuan'],
  ['project', 'project projects proyek'],
  ['fighter-jet', 'fighter tempur'],
  ['railway', 'railway rail kereta'],
  ['land', 'land darat'],
  ['segment', 'segment segments segmen'],
  ['commission', 'commission komisi'],
  ['joint', 'joint bersama'],
  ['province', 'province provinsi'],
  ['south', 'south southern selatan'],
  ['north', 'north northern utara'],
  ['central', 'central tengah'],
  ['west', 'west western barat'],
  ['east', 'east eastern timur'],
];

const FORMS = new Map<string, string>();
for (const [concept, forms] of GLOSSARY) for (const form of forms.split(' ')) FORMS.set(form.replace('_', ' '), `c:${concept}`);

/**
 * The glossary concepts of `tokens` (skipping `covered` indexes), two-word forms first
 * ("kerja sama" → cooperation), each with the token indexes it used.
 */
export function findConcepts(tokens: readonly Token[], covered: ReadonlySet<number>): { concepts: Set<string>; used: Set<number> } {
  const concepts = new Set<string>();
  const used = new Set<number>();
  for (let i = 0; i < tokens.length; i += 1) {
    if (covered.has(i)) continue;
    const word = tokens[i]?.folded ?? '';
    const next = tokens[i + 1];
    const pair = next && !covered.has(i + 1) ? FORMS.get(`${word} ${next.folded}`) : undefined;
    if (pair) {
      concepts.add(pair);
      used.add(i).add(i + 1);
      i += 1;
      continue;
    }
    const single = FORMS.get(word);
    if (single) {
      concepts.add(single);
      used.add(i);
    }
  }
  return { concepts, used };
}

import { describe, expect, it } from 'vitest';
import { isAgreement, isPastSigning } from '../../../src/digest/extractive/agreement-cues.js';

// Invented sentences in the styles of press-office readouts, joint statements and Indonesian news.
const yes = (sentences: string[]) => {
  for (const s of sentences) expect(isAgreement(s), s).toBe(true);
};
const no = (sentences: string[]) => {
  for (const s of sentences) expect(isAgreement(s), s).toBe(false);
};

describe('agreement traps', () => {
  it('does not count agreeing to stay in close contact as an agreement', () => {
    no([
      'The two presidents agreed to stay in close contact as the situation develops.',
      'Both ministers agreed to remain in touch on the humanitarian response.',
      'The leaders agreed to keep channels of communication open.',
      'Kedua menteri sepakat untuk tetap menjalin komunikasi secara intensif.',
      'Kedua pemimpin sepakat untuk terus berkoordinasi mengenai situasi di kawasan.',
    ]);
  });

  it('does not count agreeing that something is important as an agreement', () => {
    no([
      'The foreign ministers agreed that regional stability is essential for growth.',
      'They agreed that closer energy ties would be beneficial for both economies.',
      'The leaders agreed on the need to reduce tensions in the strait.',
      'Kedua negara sepakat pentingnya menjaga kebebasan navigasi.',
      'Kedua menteri sepakat bahwa stabilitas kawasan sangat penting bagi pertumbuhan.',
    ]);
  });

  it('does not count agreeing to strengthen cooperation in general as an agreement', () => {
    no([
      'The two sides agreed to deepen cooperation in the digital economy.',
      'Both leaders agreed to further strengthen the bilateral relationship.',
      'Kedua pemimpin sepakat meningkatkan kerja sama di bidang ekonomi dan pendidikan.',
      'Kedua negara sepakat memperkuat hubungan perdagangan.',
    ]);
  });

  it('does not count a reaffirmation, a pledge or a commitment to work together as an agreement', () => {
    no([
      'The president reaffirmed the commitment of both countries to the free trade area.',
      'The two leaders pledged to work together on food security.',
      'The ministers committed to work closely to strengthen ties.',
      'Menteri Luar Negeri menegaskan kembali komitmen Indonesia terhadap kemitraan tersebut.',
      'Kedua negara berkomitmen untuk memperkuat kemitraan strategis.',
    ]);
  });

  it('does not count readiness, hopes or a planned discussion as an agreement', () => {
    no([
      'Norway is ready to sign a fisheries agreement with Iceland.',
      'Both sides expressed hope that a trade deal could be signed before the summer.',
      'They announced their intention to conclude an investment treaty next year.',
      'Vietnam siap menandatangani perjanjian perdagangan bebas dengan Uni Eropa.',
      'Kedua menteri berharap nota kesepahaman dapat segera diteken.',
      'Kedua pihak akan membahas kerja sama perikanan pada pertemuan berikutnya.',
    ]);
  });

  it('does not count a planned meeting as an agreement', () => {
    no(['The two presidents agreed to meet again in Hanoi next spring.', 'Kedua menteri sepakat bertemu kembali di Bali bulan depan.']);
  });

  it('does not count a one-sided announcement or a one-sided decision as an agreement', () => {
    no([
      'Officials said they launched an inquiry into the border incident.',
      'Canada announced a new visa programme for skilled workers.',
      'The president decided to recall the ambassador for consultations.',
      'The governor signed the bill into law on Monday.',
    ]);
  });

  it('does not count signing up, a petition or a law as an agreement', () => {
    no([
      'More than 40,000 residents have signed a petition against the new port.',
      'The president signed three environmental laws on Friday.',
      'Visitors who signed up online were given a badge.',
    ]);
  });

  it('does not count parents or members agreeing to something in passing as an agreement', () => {
    no(['Officials expect more parents agreeing to vaccinate their children.']);
  });

  it('does not count one body\'s approval or agreeing with an opinion as an agreement', () => {
    no(['Parlemen menyetujui anggaran pertahanan untuk tahun depan.', 'Menteri itu mengaku sepakat dengan usulan para pengusaha.']);
  });

  it('does not take two countries named in an opening phrase as the subject of a one-sided decision', () => {
    no(['After talks between Chile and Peru, the Chilean president decided to reopen the border crossing.']);
    yes(['After the talks, the two presidents decided to reopen the border crossing.']);
  });

  it('does not count congratulations or condolences as an agreement', () => {
    no([
      'The prime minister congratulated the president on his re-election, and they agreed to work together.',
      'Presiden menyampaikan belasungkawa dan kedua pemimpin sepakat untuk tetap berkomunikasi.',
    ]);
  });

  it('does not count a later signing, an earlier decision or a conditional accord as an agreement', () => {
    no([
      'Nantinya, dokumen hasil perundingan itu akan dibahas lalu ditandatangani kedua menteri.',
      'Kami sudah berdialog dengannya, tapi dia sudah memutuskan sendiri.',
      'Kedua delegasi sepakat jika gencatan senjata dilanggar maka perundingan dihentikan.',
    ]);
  });

  it('does not count a failed or unfinished negotiation as an agreement', () => {
    no(['The delegations failed to agree on the border line.', 'Kedua pihak belum sepakat mengenai harga gas.']);
  });
});

describe('background treaties', () => {
  it('treats a treaty recalled as background as background, not an agreement', () => {
    for (const s of [
      'The water-sharing treaty, signed in 1996, still governs the river.',
      'Building on the Comprehensive Strategic Partnership signed last year, the two leaders discussed investment.',
      'The leaders recalled the Treaty of Friendship between their countries.',
      'The agreement, which the two governments concluded last year, entered into force in March.',
      'The ministers reviewed the accord signed in February.',
      'Kerja sama itu mengacu pada Perjanjian Kemitraan Komprehensif yang telah ditandatangani kedua negara.',
      'Kedua negara sudah sepakat memangkas tarif sejak awal 2019.',
      'Sebelumnya, kedua negara telah menandatangani perjanjian ekstradisi.',
      'In 2019, the two sides signed a border treaty.',
    ]) {
      expect(isAgreement(s), s).toBe(false);
      expect(isPastSigning(s), s).toBe(true);
    }
  });

  it('does not file a signing of the day under background', () => {
    for (const s of [
      'Both foreign ministers signed an MoU on fisheries on Tuesday.',
      'Kedua menteri meneken nota kesepahaman di Jakarta, Rabu.',
      'Menurut juru bicara, kedua negara telah menyepakati peta jalan kerja sama maritim.',
    ])
      expect(isPastSigning(s), s).toBe(false);
  });
});

describe('agreements concluded at the event', () => {
  it('counts a memorandum signed at the meeting', () => {
    yes([
      'During the visit, the two foreign ministers signed a memorandum of understanding on fisheries.',
      'The memorandum was signed by the trade ministers of Peru and Chile.',
      'They signed the Andean Partnership for Clean Rivers and Shared Water Management agreement on Monday.',
      'The prime ministers witnessed the signing of three agreements on health and rail.',
      'Kedua menteri menandatangani nota kesepahaman kerja sama perikanan di Jakarta.',
      'Nota kesepahaman itu diteken oleh kedua menteri luar negeri di Bogor, Selasa.',
      'Kedua pemimpin menyaksikan penandatanganan empat nota kesepahaman.',
      'Kedua menteri meneken Persetujuan Kemitraan Ekonomi Komprehensif di Canberra.',
      'Kedua menlu menandatangani Rencana Aksi Kemitraan Strategis 2026-2030.',
    ]);
  });

  it('counts a joint decision of the two leaders', () => {
    yes([
      'The two leaders have decided to set up a joint commission on water resources.',
      'They decided to instruct their trade ministers to draft a roadmap.',
      'Kedua pemimpin memutuskan membentuk komisi bersama untuk energi.',
    ]);
  });

  it('counts agreeing to a concrete action', () => {
    yes([
      'Both sides agreed to exchange 200 prisoners of war.',
      'The two governments agreed to lift visa requirements for diplomatic passports.',
      'The leaders agreed to step up joint naval patrols.',
      'The ministers agreed to increase the fishing quota by 15 percent.',
      'Kedua negara sepakat membentuk satuan tugas bersama untuk memberantas penyelundupan.',
      'Kedua pihak sepakat untuk menurunkan tarif impor kopi menjadi lima persen.',
      'Disepakati pula bahwa kedua negara akan membuka konsulat di Surabaya dan Perth.',
    ]);
  });

  it('counts a programme or partnership announced jointly', () => {
    yes([
      'Kenya and Tanzania jointly announced a cross-border power line.',
      'President Ruto and Prime Minister Modi announced a new partnership on digital payments.',
      'The Parties commit to establish a joint committee within ninety days.',
    ]);
  });

  it('counts an exchange of signed documents, a concluded negotiation and relations established', () => {
    yes([
      'Kedua kepala negara menyaksikan pertukaran nota kesepahaman di bidang kesehatan.',
      'The two leaders welcomed the conclusion of negotiations on the economic partnership agreement.',
      'The two countries established diplomatic relations.',
      'The sides exchanged instruments of ratification.',
    ]);
    no(['Kedua menteri bertukar pandangan mengenai situasi di Gaza.', 'The leaders launched into a discussion of trade.']);
  });

  it('counts an agreement reached or approved at the summit', () => {
    yes([
      'An agreement on fishing quotas was reached after two days of talks.',
      'Twelve infrastructure projects were approved at the summit.',
      'Leaders agreed the communique after two days of talks.',
      'Kesepakatan itu dicapai dalam pertemuan di Istana Bogor, Senin.',
      'Pertemuan itu menghasilkan kesepakatan untuk membuka penerbangan langsung.',
    ]);
  });
});

describe('a signing reported as the subject of the sentence', () => {
  it('counts a memorandum whose signing was witnessed at the event, in English and Indonesian', () => {
    yes([
      'The signing of a memorandum of understanding on coastal shipping was witnessed by both foreign ministers.',
      'The signing ceremony of two agreements on vocational training was held at the presidential palace.',
      'Penandatanganan nota kesepahaman di bidang pertanian disaksikan oleh kedua kepala negara.',
      'Penandatanganan perjanjian ekstradisi tersebut dilakukan di Istana Bogor.',
    ]);
  });

  it('does not count a signing still to come or one dated before the event', () => {
    no([
      'The signing of the trade agreement will be witnessed by both leaders next month.',
      'Penandatanganan perjanjian dagang itu akan disaksikan kedua presiden bulan depan.',
      'The signing of the 2016 treaty was witnessed by the late president.',
      'Penandatanganan nota kesepahaman serupa dilakukan pada 2018 lalu.',
    ]);
  });
});

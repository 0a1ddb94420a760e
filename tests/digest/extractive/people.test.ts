import { describe, expect, it } from 'vitest';
import { extractPeople, shortenTitledNames } from '../../../src/digest/extractive/people.js';

describe('extractPeople', () => {
  it('reads Indonesian titles with the country after the role, in both digest languages', () => {
    const text = 'Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas kerja sama.';
    expect(extractPeople(text, 'en')).toEqual([
      { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' },
      { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' },
    ]);
    expect(extractPeople(text, 'id')).toEqual([
      { name: 'Vladimir Putin', role: 'Presiden Rusia', country: 'Rusia' },
      { name: 'Masoud Pezeshkian', role: 'Presiden Iran', country: 'Iran' },
    ]);
  });

  it('understands abbreviated Indonesian offices', () => {
    expect(extractPeople('Menlu RI Sugiono tiba di Moskow.', 'en')).toEqual([
      { name: 'Sugiono', role: 'Foreign Minister of Indonesia', country: 'Indonesia' },
    ]);
    expect(extractPeople('Sekjen PBB António Guterres mengecam serangan itu.', 'id')).toEqual([
      { name: 'António Guterres', role: 'Sekretaris Jenderal PBB', country: 'PBB' },
    ]);
    expect(extractPeople('Menteri Luar Negeri Sugiono bertemu Menhan Jepang Gen Nakatani.', 'id')).toEqual([
      { name: 'Sugiono', role: 'Menteri Luar Negeri', country: null },
      { name: 'Gen Nakatani', role: 'Menteri Pertahanan Jepang', country: 'Jepang' },
    ]);
  });

  it('reads English titles with the country before the role', () => {
    const text =
      "Prime Minister Anthony Albanese met U.S. Secretary of State Marco Rubio, Iran's President Masoud Pezeshkian and Russian foreign minister Sergei Lavrov.";
    expect(extractPeople(text, 'en')).toEqual([
      { name: 'Anthony Albanese', role: 'Prime Minister', country: null },
      { name: 'Marco Rubio', role: 'Secretary of State of the United States', country: 'United States' },
      { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' },
      { name: 'Sergei Lavrov', role: 'Foreign Minister of Russia', country: 'Russia' },
    ]);
    expect(extractPeople('Secretary of State Marco Rubio said the United States would help.', 'id')).toEqual([
      { name: 'Marco Rubio', role: 'Menteri Luar Negeri Amerika Serikat', country: 'Amerika Serikat' },
    ]);
  });

  it('does not make a State Secretary American unless the story is about the US', () => {
    expect(extractPeople('Secretary of State Pratikno said Indonesia can learn from Finland.', 'en')).toEqual([
      { name: 'Pratikno', role: 'Secretary of State', country: null },
    ]);
  });

  it('keeps initials and stops names at a line break or a company title', () => {
    expect(extractPeople('Foreign Minister Retno L.P. Marsudi spoke.', 'en')[0]?.name).toBe('Retno L.P. Marsudi');
    expect(extractPeople('Presiden Turki\nMengingat hal itu, film dibuat.', 'en')).toEqual([]);
    expect(extractPeople('kata Presiden Direktur PT Isuzu Astra Motor.', 'en')).toEqual([]);
  });

  it('merges a later surname-only mention into the full name', () => {
    const text = 'Presiden Putin menelepon. Kemudian Presiden Rusia Vladimir Putin berkata. Presiden Putin juga berduka.';
    expect(extractPeople(text, 'en')).toEqual([{ name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' }]);
  });

  it('ignores roles without a name and lower-case uses of a role word', () => {
    expect(extractPeople('Para presiden sepakat. Presiden Iran pun berterima kasih kepada Rusia.', 'en')).toEqual([]);
  });

  it('keeps the principals of the lead, not officials named only in passing further down', () => {
    const names = ['Ali Akbar', 'Budi Santoso', 'Citra Dewi', 'Dedi Mulyadi', 'Eko Prasetyo', 'Fajar Nugroho', 'Gita Sari'];
    const text = names.map((n) => `Dubes ${n} hadir.`).join(' ');
    expect(extractPeople(text, 'id').map((p) => p.name)).toEqual(['Ali Akbar', 'Budi Santoso']);
  });

  it('keeps at most five principals, in order of first mention', () => {
    const names = ['Ali Akbar', 'Budi Santoso', 'Citra Dewi', 'Dedi Mulyadi', 'Eko Prasetyo', 'Fajar Nugroho'];
    const text = `${names.map((n) => `Menteri ${n}`).join(', ')} bertemu di Jakarta.`;
    expect(extractPeople(text, 'id').map((p) => p.name)).toEqual(names.slice(0, 5));
  });
});

describe('extractPeople on English press-office readouts', () => {
  it('finds leaders named without any title when they act in the sentence', () => {
    const text = [
      'Arif Rahman had a telephone conversation with President of Uzbekistan Bakhtiyor Karimov.',
      'Nadia Hartono met with Prime Minister of Malaysia Farid Osman in Kuala Lumpur.',
    ].join('\n\n');
    expect(extractPeople(text, 'en')).toEqual([
      { name: 'Arif Rahman', role: null, country: null },
      { name: 'Bakhtiyor Karimov', role: 'President of Uzbekistan', country: 'Uzbekistan' },
      { name: 'Nadia Hartono', role: null, country: null },
      { name: 'Farid Osman', role: 'Prime Minister of Malaysia', country: 'Malaysia' },
    ]);
  });

  it('reads titles in both orders and nationality adjectives', () => {
    const text =
      'Kazakh President Aidos Serikbayev received President Lucas Moreau of France, while Indonesian Foreign Minister Wibowo and Malaysian Minister of Foreign Affairs Hakim Zulkifli signed a protocol.';
    expect(extractPeople(text, 'en')).toEqual([
      { name: 'Aidos Serikbayev', role: 'President of Kazakhstan', country: 'Kazakhstan' },
      { name: 'Lucas Moreau', role: 'President of France', country: 'France' },
      { name: 'Wibowo', role: 'Foreign Minister of Indonesia', country: 'Indonesia' },
      { name: 'Hakim Zulkifli', role: 'Foreign Minister of Malaysia', country: 'Malaysia' },
    ]);
  });

  it('joins Mr and Ms mentions and surnames to the full name given first', () => {
    const text = [
      'President of Kazakhstan Aidos Serikbayev spoke by phone with Prime Minister Helena Brandt of Norway.',
      'Mr Serikbayev thanked Ms Brandt for the invitation.',
      'Ms Brandt said Serikbayev would visit Oslo in May.',
    ].join(' ');
    expect(extractPeople(text, 'en').map((p) => p.name)).toEqual(['Aidos Serikbayev', 'Helena Brandt']);
  });

  it('reads a title set off by commas before or after the name', () => {
    const text = 'The President of Chile, Marta Rojas, and Tomas Lind, the Prime Minister of Sweden, held talks.';
    expect(extractPeople(text, 'en')).toEqual([
      { name: 'Marta Rojas', role: 'President of Chile', country: 'Chile' },
      { name: 'Tomas Lind', role: 'Prime Minister of Sweden', country: 'Sweden' },
    ]);
  });

  it('leaves out leaders named only for a later, separate meeting', () => {
    const text = [
      'National Security Advisor Tom Reyes met today with Foreign Minister Li Wen of China in Washington.',
      'They discussed trade and maritime security.',
      'Both sides are working towards a meeting between President Ana Silva and President Zhao Ming in November.',
      'Advisor Reyes and Minister Li agreed to keep talking.',
    ].join(' ');
    expect(extractPeople(text, 'en').map((p) => p.name)).toEqual(['Tom Reyes', 'Li Wen']);
  });

  it('leaves out everyone listed as witnesses of a signing', () => {
    const text = [
      'Prime Minister Karim Aziz of Malaysia and President Rina Wulandari of Indonesia signed a border treaty in Putrajaya.',
      'The signing was witnessed by Indonesian Foreign Minister Budi Hartono and Malaysian Minister of Foreign Affairs Hakim Zulkifli.',
    ].join(' ');
    expect(extractPeople(text, 'en').map((p) => p.name)).toEqual(['Karim Aziz', 'Rina Wulandari']);
  });

  it('leaves out the spokesperson and people who only accompany the principals', () => {
    const text = [
      'The following is attributable to Spokesperson Daniel Frost:',
      'Secretary of State Ruth Calder met with Foreign Minister Jonas Vik of Norway in Washington.',
      'They were accompanied by Deputy Assistant Secretary Peter Hale.',
    ].join('\n\n');
    expect(extractPeople(text, 'en').map((p) => p.name)).toEqual(['Ruth Calder', 'Jonas Vik']);
  });

  it("gives the host with no country written the story's other side, when one country clearly leads", () => {
    const text = [
      'President Ana Silva met today with President Kofi Mensah of Ghana to discuss the Portuguese-Ghanaian partnership.',
      'They discussed Portugal’s support for trade, and the situation in Mali.',
    ].join(' ');
    expect(extractPeople(text, 'en').map((p) => p.country)).toEqual(['Portugal', 'Ghana']);
    const unclear = 'President Ana Silva met today with President Kofi Mensah of Ghana. They discussed Mali and Niger.';
    expect(extractPeople(unclear, 'en').map((p) => p.country)).toEqual([null, 'Ghana']);
  });

  it('keeps an official whose statement the story reports, not a commentator', () => {
    const text = [
      'Presiden Ana Silva menerima Perdana Menteri Kofi Mensah di Lisabon, Senin.',
      'Keduanya membahas perdagangan.',
      'Hujan turun sepanjang hari di ibu kota.',
      'Duta Besar Ghana untuk Portugal Yaw Boateng mengatakan hubungan kedua negara kuat.',
      'Pengamat Rudi Hartanto mengatakan hubungan itu akan membaik.',
    ].join('\n\n');
    expect(extractPeople(text, 'id').map((p) => p.name)).toEqual(['Ana Silva', 'Kofi Mensah', 'Yaw Boateng']);
  });

  it('does not take the name of a body, a football league or a headline for a person', () => {
    expect(extractPeople('Ketua Komisi Pemberantasan Korupsi tiba. Gubernur Jawa Tengah meninjau banjir.', 'id')).toEqual([]);
    expect(extractPeople('Arsenal won the Premier League title at the King Power Stadium on Sunday.', 'en')).toEqual([]);
    expect(extractPeople('Wali Kota Bantu Evakuasi Warga Korban Banjir Bandang Kemarin.', 'id')).toEqual([]);
    expect(extractPeople('Bahkan Sutrisno menolak tawaran itu.', 'id')).toEqual([]);
  });

  it('needs an untitled name to act in an event sentence, and never takes a county or a railway for one', () => {
    expect(extractPeople('Marion County said the road would reopen. Coastal Express Rail met its targets.', 'en')).toEqual([]);
    expect(extractPeople('Google Analytics said traffic rose. Harold Finch said nothing more.', 'en')).toEqual([]);
    expect(extractPeople('Harold Finch met with Foreign Minister Ana Costa of Portugal.', 'en').map((p) => p.name)).toEqual(['Harold Finch', 'Ana Costa']);
  });

  it('completes a country from the headline, without adding anyone the text does not name', () => {
    const text = 'President Ana Silva and President Tran Van Long held talks in Lisbon. President Silva and President Long discussed trade with Portugal.';
    const people = extractPeople(text, 'en', 5, 'Readout of the Meeting with President Tran Van Long of Vietnam and King Olav of Norway');
    expect(people.map((p) => [p.name, p.country])).toEqual([
      ['Ana Silva', 'Portugal'],
      ['Tran Van Long', 'Vietnam'],
    ]);
  });

  it('does not take a compound adjective or an acronym for a name', () => {
    const text = 'Following Indonesian-Malaysian talks, the two leaders made statements for the press. The Secretary and EAS ministers spoke.';
    expect(extractPeople(text, 'en')).toEqual([]);
  });
});

describe('shortenTitledNames', () => {
  it('replaces a titled name by the surname', () => {
    expect(shortenTitledNames('Presiden Rusia Vladimir Putin dan Presiden Iran Masoud Pezeshkian membahas kerja sama')).toBe(
      'Putin dan Pezeshkian membahas kerja sama',
    );
    expect(shortenTitledNames('Russian President Vladimir Putin spoke')).toBe('Putin spoke');
  });
});

describe('extractPeople on words that only look like a titled name', () => {
  it('does not take what an office is "of" for the person holding it', () => {
    const text =
      'Maria Okonkwo, Director of Engineering at Harbourline, said the new ferry schedule starts in May.\n' +
      'Yesterday a former president of the Coastal Shipping Authority criticised the plan.';
    const names = extractPeople(text, 'en').map((p) => p.name);
    expect(names).toContain('Maria Okonkwo');
    expect(names).not.toContain('Engineering');
    expect(names.join(' ')).not.toMatch(/Coastal|Shipping/u);
  });

  it('does not read a possessive office word as the title of the name after it', () => {
    const text = 'Millions of voters looked at the governor’s Instagram account and saw a campaign.';
    expect(extractPeople(text, 'en').map((p) => p.name)).not.toContain('Instagram');
  });
});

describe('shortenTitledNames with the whole story', () => {
  const lead = 'Chinese President Xi Jinping met Prime Minister of Malaysia Anwar Ibrahim in Beijing.';

  it('shortens a titled name to the word the story itself calls the person by', () => {
    const story = `${lead}\nXi said trade would grow. Mr Anwar thanked Xi for the welcome.`;
    expect(shortenTitledNames(lead, story)).toBe('Xi met Anwar in Beijing.');
  });

  it('falls back to the last word of the name when the story never uses a short name', () => {
    expect(shortenTitledNames(lead, lead)).toBe('Jinping met Ibrahim in Beijing.');
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { matchesTopic, matchingTopics, parseTopic, TOPIC_ALIASES, tokenize } from '../../src/subscriptions/topics.js';

const matches = (topic: string, text: string) => matchesTopic(parseTopic(topic), text);

function invalid(words: string): AppError {
  try {
    parseTopic(words);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`parseTopic accepted ${JSON.stringify(words)}`);
}

describe('parseTopic', () => {
  it('keeps what the user typed as the label and a folded key for duplicates', () => {
    const topic = parseTopic('  Menlu   Sugiono ');
    expect(topic.label).toBe('Menlu Sugiono');
    expect(topic.key).toBe('menlu sugiono');
    expect(parseTopic('TÜRKIYE').key).toBe(parseTopic('türkiye').key);
  });

  it('accepts letters in any script, digits, hyphens, apostrophes and dots', () => {
    for (const ok of ['G20', "Xi'an", 'U.S.', 'Timor-Leste', 'Pezeshkian', 'Ankara’s', 'السعودية', '中国']) expect(parseTopic(ok).label).toBe(ok);
  });

  it('refuses empty, over-long and pattern-like topics with INVALID_INPUT', () => {
    expect(invalid('   ').code).toBe('INVALID_INPUT');
    expect(invalid('x'.repeat(61)).message).toContain('at most 60 characters');
    expect(parseTopic('x'.repeat(60)).label).toHaveLength(60);
    for (const bad of ['Iran|Iraq', 'Iran.*', '(Iran)', 'nuclear?', '<b>', 'a+b', 'Iran, Iraq']) {
      const error = invalid(bad);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(/only letters, digits, spaces, hyphens, apostrophes and dots/);
    }
    expect(invalid('...').message).toContain('at least one letter or digit');
  });

  it('never interprets user text as a regular expression', () => {
    // Dots are allowed but literal: "U.S." must not match "UAS".
    expect(matches('U.S.', 'UAS drone strikes')).toBe(false);
    expect(matches('U.S.', 'U.S. sanctions')).toBe(true);
  });
});

describe('matchesTopic', () => {
  it('matches whole words only: "Iran" does not match "Iranian" or "Iranians"', () => {
    expect(matches('Iran', 'Iran and Oman hold talks')).toBe(true);
    expect(matches('Iran', "Iran's foreign minister visits Muscat")).toBe(true);
    expect(matches('Iran', 'The Iranian president spoke')).toBe(false);
    expect(matches('Iran', 'Iranians vote')).toBe(false);
    expect(matches('nuclear', 'thermonuclear device')).toBe(false);
  });

  it('is case- and accent-insensitive', () => {
    expect(matches('iran', 'IRAN TALKS')).toBe(true);
    expect(matches('Türkiye', 'Turkiye hosts summit')).toBe(true);
    expect(matches('Turkiye', 'Türkiye hosts summit')).toBe(true);
    expect(matches('pezeshkian', 'Pézéshkian')).toBe(true);
  });

  it('matches multi-word topics as a phrase', () => {
    expect(matches('Menlu Sugiono', 'Menlu Sugiono bertemu Lavrov di Moskow')).toBe(true);
    expect(matches('Menlu Sugiono', 'Sugiono, Menlu RI, bertemu Lavrov')).toBe(false);
    expect(matches('Menlu Sugiono', 'Menlu   Sugiono')).toBe(true);
  });

  it('matches country and body names through EN/ID aliases, both ways', () => {
    expect(matches('Rusia', 'Russia and Iran sign a treaty')).toBe(true);
    expect(matches('Russia', 'Rusia dan Iran teken perjanjian')).toBe(true);
    expect(matches('PBB', 'United Nations calls for ceasefire')).toBe(true);
    expect(matches('United Nations', 'Sekjen PBB serukan gencatan senjata')).toBe(true);
    expect(matches('UN', 'Perserikatan Bangsa-Bangsa')).toBe(true);
    expect(matches('Tiongkok', 'China warns Manila')).toBe(true);
    expect(matches('Uni Eropa', 'EU ministers meet')).toBe(true);
    expect(matches('Amerika Serikat', 'U.S. officials said')).toBe(true);
    expect(matches('USA', 'AS dan Tiongkok')).toBe(true);
    expect(matches('Inggris', 'Britain and France')).toBe(true);
    expect(matches('Turkey', 'Turki dan Mesir')).toBe(true);
    expect(matches('Egypt', 'Presiden Mesir')).toBe(true);
    expect(matches('OKI', 'OIC summit in Jeddah')).toBe(true);
    expect(matches('UN Security Council', 'DK PBB gelar rapat darurat')).toBe(true);
    expect(matches('nuklir', 'Iran nuclear talks')).toBe(true);
    expect(matches('ASEAN', 'Asean foreign ministers')).toBe(true);
    expect(matches('NATO', 'Nato summit')).toBe(true);
  });

  it('replaces a known name inside a longer topic by its aliases', () => {
    expect(matches('Menlu Sugiono', 'Foreign Minister Sugiono met Lavrov')).toBe(true);
    expect(matches('Menlu Sugiono', 'Menteri Luar Negeri Sugiono bertemu Lavrov')).toBe(true);
    expect(matches('Menlu Sugiono', 'Foreign Minister Lavrov met Sugiono')).toBe(false);
  });

  it('treats short all-caps aliases as case-sensitive acronyms', () => {
    expect(matches('US', 'Tell us what you think')).toBe(false);
    expect(matches('US', 'US and Iran resume talks')).toBe(true);
    expect(matches('Amerika Serikat', 'as soon as possible')).toBe(false);
    expect(matches('Amerika Serikat', 'AS dan Iran')).toBe(true);
    expect(matches('us', 'Tell us more')).toBe(false);
    expect(matches('United Nations', 'the un-named source')).toBe(false);
    expect(matches('IMF', 'imf')).toBe(false);
    expect(matches('IMF', 'IMF loan')).toBe(true);
  });

  it('returns the matching topics of a text, tokenizing once', () => {
    const topics = ['Iran', 'ASEAN', 'nuclear'].map(parseTopic);
    expect(matchingTopics(topics, 'Iran says nuclear talks to resume').map((t) => t.label)).toEqual(['Iran', 'nuclear']);
    expect(matchingTopics(topics, 'Football results')).toEqual([]);
  });
});

describe('TOPIC_ALIASES', () => {
  it('keeps demonyms out of the names a topic matches', () => {
    const iran = TOPIC_ALIASES.find((group) => group.key === 'IR');
    expect(iran?.names).toEqual(['Iran']);
    expect(iran?.demonyms).toContain('Iranian');
    const russia = TOPIC_ALIASES.find((group) => group.key === 'RU');
    expect(russia?.names).toEqual(expect.arrayContaining(['Russia', 'Rusia']));
    expect(russia?.names).not.toContain('Russian');
  });

  it('has unique keys and only names that tokenize to words', () => {
    const keys = TOPIC_ALIASES.map((group) => group.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const group of TOPIC_ALIASES) for (const name of group.names) expect(tokenize(name).length).toBeGreaterThan(0);
  });
});

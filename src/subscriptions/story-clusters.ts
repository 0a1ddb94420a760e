import { findConcepts } from './story-glossary.js';
import { findAliasKeys, tokenize, type Token } from './topics.js';

/** What the clusterer needs of a feed item. */
export interface StoryItem {
  /** Stable item id (e.g. itemIdentity scoped by feed); assigning the same id twice gives the same story. */
  id: string;
  title: string;
  summary: string;
  /** ISO instant or Date; null means "now" by the clusterer's clock. */
  publishedAt: string | Date | null;
  /** "en", "id", … or null when unknown; decides whether wording may be compared. */
  language: string | null;
}

/** The story an item belongs to; `isNew` when it started the story. */
export interface StoryAssignment {
  storyId: string;
  isNew: boolean;
}

/** Options of {@link createStoryClusterer}. */
export interface StoryClustererOptions {
  /** Items further apart than this are never the same story. Default 36. */
  windowHours?: number;
  /** Similarity from which two items are one story. Default {@link DEFAULT_STORY_THRESHOLD}. */
  threshold?: number;
  /** Clock for undated items. */
  now?: () => Date;
  /** Members remembered per story for comparison (the oldest are forgotten). Default 20. */
  maxMembersPerStory?: number;
  /**
   * A follow-up days later ("talks resume in Rome", "the deal is signed") joins its story up to this
   * far from a member, at the stricter {@link FOLLOW_UP_THRESHOLD}; {@link FOLLOW_UP_WINDOW_HOURS}
   * (10 days) is the benchmarked value. Default 0 (off): deliveries are unique per (chat, story), so a
   * follow-up that joins its story is not sent until delivery shows it as "What's new" (issue 13).
   */
  followUpWindowHours?: number;
  /** Similarity a follow-up beyond `windowHours` needs. Default {@link FOLLOW_UP_THRESHOLD}. */
  followUpThreshold?: number;
}

// Chosen on tests/fixtures/stories (npm run bench:stories): precision holds at 98 % from 0.5 down to
// 0.35 and collapses at 0.3, so 0.4 keeps a margin from the cliff.
export const DEFAULT_STORY_THRESHOLD = 0.4;
/** Beyond the same-news-cycle window, two different events of one place share more words: ask for more. */
export const FOLLOW_UP_THRESHOLD = 0.55;
/** How far apart a follow-up may be from its story, once delivery sends follow-ups (see the option). */
export const FOLLOW_UP_WINDOW_HOURS = 240;

// Function words, reporting verbs, titles, weekdays and months in English and Indonesian: they are
// capitalized at sentence starts and in Title Case headlines but say nothing about which story it is.
const STOPWORDS = new Set(
  `a an the and or but nor of in on at to for from by with without about as into onto over under after before
  between during against among per via than then that this these those there here it its is are was were be been
  being has have had do does did will would shall should can could may might must not no yes new more most less
  least very also just only still even again up down out off so such what which who whom whose when where why how
  all any both each few other some own same too s t he she they we you i his her their our your them him us me my
  says said say saying told tells tell according report reports reported reporting amid while over after latest
  live update updates news breaking video watch photo photos analysis opinion exclusive
  president minister prime foreign secretary spokesperson spokesman official officials government state leader
  leaders chief head deputy senior mr mrs ms dr sir
  monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow week month year
  january february march april may june july august september october november december
  yang dan di ke dari pada untuk dengan dalam oleh atas bagi tentang terhadap antara sejak hingga sampai akan
  telah sudah sedang masih belum tidak bukan ini itu tersebut para sebuah seorang satu adalah ialah yaitu yakni
  juga pun lagi saja hanya lebih paling sangat bisa dapat harus boleh mau ingin agar supaya karena sebab jika
  kalau bila ketika saat setelah sebelum selama serta atau tetapi namun melainkan sehingga maka bahwa secara
  kata katanya mengatakan menyatakan ujar ucap tutur jelas menurut berita kabar terkini terbaru baru
  ia dia mereka kami kita kamu anda beliau nya se ada pihak soal terkait usai jelang guna demi via
  mengapa kenapa bagaimana apa siapa kapan dimana mana berapa
  presiden menteri perdana wakil kepala juru bicara jubir pejabat pemerintah negara pemimpin ketua bapak ibu pak bu
  senin selasa rabu kamis jumat sabtu minggu ahad hari ini kemarin besok pekan bulan tahun
  januari februari maret mei juni juli agustus oktober desember`.split(/\s+/).filter(Boolean),
);

/** The comparable features of one item. */
interface Fingerprint {
  /** Language-independent: alias-group keys, numbers, capitalized names. */
  anchors: Set<string>;
  /** Same-language only: content words (alias names folded to their key). */
  words: Set<string>;
  /** Same-language only: character trigrams of the title. */
  trigrams: Set<string>;
  /** Anchors plus glossary concepts ("gempa" and "earthquake" are one): what two languages can compare. */
  bilingual: Set<string>;
  language: string | null;
}

const LEAD_CHARS = 280;

/** Title plus the first sentence-ish of the summary: wire rewrites share the lead, not the whole body. */
function leadOf(summary: string): string {
  const text = summary.slice(0, LEAD_CHARS);
  const end = text.search(/[.!?](?:\s|$)/);
  return end > 40 ? text.slice(0, end + 1) : text;
}

function fingerprint(item: Pick<StoryItem, 'title' | 'summary' | 'language'>): Fingerprint {
  const tokens = tokenize(`${item.title}\n${leadOf(item.summary)}`);
  const { keys, covered } = findAliasKeys(tokens);
  const { concepts } = findConcepts(tokens, covered);
  const anchors = new Set<string>([...keys].map((key) => `k:${key}`));
  const words = new Set<string>(anchors);
  tokens.forEach((token: Token, index) => {
    if (covered.has(index) || STOPWORDS.has(token.folded)) return;
    if (/^\p{N}+$/u.test(token.surface)) {
      anchors.add(`n:${token.folded}`);
      words.add(`n:${token.folded}`);
      return;
    }
    if (token.folded.length < 3) return;
    words.add(stem(token.folded));
    if (/^\p{Lu}/u.test(token.surface)) anchors.add(`w:${token.folded}`);
  });
  return { anchors, words, trigrams: trigramsOf(item.title), bilingual: new Set([...anchors, ...concepts]), language: normalizeLanguage(item.language) };
}

// A light English/Indonesian suffix trim so "talks"/"talk" and "membahas"/"bahas" meet.
function stem(word: string): string {
  if (word.length > 5) {
    const id = word.replace(/^(?:mem|men|meng|me|ber|di|ter|pe)(?=[a-z]{4})/, '').replace(/(?:kan|nya|an)$/, '');
    if (id !== word && id.length >= 4) return id;
  }
  return word.length > 4 ? word.replace(/(?:ing|ed|es|s)$/, '') : word;
}

function trigramsOf(title: string): Set<string> {
  const text = ` ${tokenize(title).map((t) => t.folded).join(' ')} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i += 1) out.add(text.slice(i, i + 3));
  return out;
}

function normalizeLanguage(language: string | null): string | null {
  return language ? (language.toLowerCase().split(/[-_]/)[0] ?? null) : null;
}

function overlap(a: Set<string>, b: Set<string>): { shared: number; containment: number; jaccard: number } {
  if (a.size === 0 || b.size === 0) return { shared: 0, containment: 0, jaccard: 0 };
  let shared = 0;
  for (const value of a) if (b.has(value)) shared += 1;
  // Containment is damped for small sets: two items sharing their only two anchors ("Iran", "Tehran")
  // are often two different stories from the same country.
  return { shared, containment: shared / (Math.min(a.size, b.size) + 2), jaccard: shared / (a.size + b.size - shared) };
}

function similarityOf(a: Fingerprint, b: Fingerprint): number {
  // One shared name ("Iran") is what two different stories of the same day have in common.
  const anchors = overlap(a.anchors, b.anchors);
  const anchorScore = anchors.shared >= 2 ? (anchors.containment + anchors.jaccard) / 2 : 0;
  if (!a.language || a.language !== b.language) {
    // Across languages the wording meets only through the glossary; a shared name must still be there.
    const bilingual = overlap(a.bilingual, b.bilingual);
    const bilingualScore = anchors.shared >= 1 && bilingual.shared >= 3 ? (bilingual.containment + bilingual.jaccard) / 2 : 0;
    return Math.max(anchorScore, bilingualScore);
  }
  const words = overlap(a.words, b.words);
  const wordScore = words.shared >= 2 ? (words.containment + words.jaccard) / 2 : 0;
  const titles = overlap(a.trigrams, b.trigrams);
  const titleScore = (2 * titles.shared) / (a.trigrams.size + b.trigrams.size || 1);
  return Math.max(anchorScore, wordScore, titleScore, (anchorScore + wordScore) / 2);
}

/**
 * How likely two items tell the same story, 0–1, ignoring time: shared language-independent
 * anchors (places and bodies through the EN/ID alias table, names, numbers) and, when both are in
 * the same language, shared content words and title trigrams.
 */
export function similarity(a: Pick<StoryItem, 'title' | 'summary' | 'language'>, b: Pick<StoryItem, 'title' | 'summary' | 'language'>): number {
  return similarityOf(fingerprint(a), fingerprint(b));
}

interface Member {
  fingerprint: Fingerprint;
  at: number;
}

interface Story {
  id: string;
  /** Creation order: ties go to the older story. */
  seq: number;
  members: Member[];
  latest: number;
  /** Every word, anchor and concept its members brought into the index. */
  features: Set<string>;
}

/**
 * Groups items from many feeds into stories: an item joins the most similar story that has a member
 * within `windowHours` of it, when the similarity reaches `threshold` (or a member within
 * `followUpWindowHours` at `followUpThreshold`); otherwise it starts a story whose id is the item's id.
 * In-memory; stories quiet for longer than both windows (twice the short one) are forgotten. Only
 * stories sharing a word, name or concept with the item are scored (an inverted index), so the cost
 * of an item does not grow with the number of unrelated stories remembered.
 */
export function createStoryClusterer(options: StoryClustererOptions = {}) {
  const windowMs = (options.windowHours ?? 36) * 3_600_000;
  const threshold = options.threshold ?? DEFAULT_STORY_THRESHOLD;
  const now = options.now ?? (() => new Date());
  const maxMembers = options.maxMembersPerStory ?? 20;
  const followUpMs = (options.followUpWindowHours ?? 0) * 3_600_000;
  const followUpThreshold = options.followUpThreshold ?? FOLLOW_UP_THRESHOLD;
  const memoryMs = Math.max(2 * windowMs, followUpMs);
  const stories: Story[] = [];
  const byId = new Map<string, Story>();
  const assigned = new Map<string, string>();
  const index = new Map<string, Set<Story>>();
  let newest = Number.NEGATIVE_INFINITY;
  let created = 0;

  // Every score but the title trigrams needs a shared word, anchor or concept; two titles that share
  // trigrams share words too.
  const featuresOf = (print: Fingerprint) => [...print.words, ...print.bilingual];

  function addMember(story: Story, print: Fingerprint, at: number): void {
    story.members.push({ fingerprint: print, at });
    if (story.members.length > maxMembers) story.members.shift();
    story.latest = Math.max(story.latest, at);
    for (const feature of featuresOf(print)) {
      if (story.features.has(feature)) continue;
      story.features.add(feature);
      const holders = index.get(feature) ?? new Set<Story>();
      holders.add(story);
      index.set(feature, holders);
    }
  }

  function candidatesFor(print: Fingerprint): Story[] {
    const found = new Set<Story>();
    for (const feature of featuresOf(print)) for (const story of index.get(feature) ?? []) found.add(story);
    return [...found].sort((a, b) => a.seq - b.seq);
  }

  function timeOf(item: StoryItem): number {
    const value = item.publishedAt instanceof Date ? item.publishedAt.getTime() : item.publishedAt ? Date.parse(item.publishedAt) : Number.NaN;
    return Number.isFinite(value) ? value : now().getTime();
  }

  function forgetOld(): void {
    for (let i = stories.length - 1; i >= 0; i -= 1) {
      const story = stories[i];
      if (story && story.latest < newest - memoryMs) {
        stories.splice(i, 1);
        byId.delete(story.id);
        for (const [itemId, storyId] of assigned) if (storyId === story.id) assigned.delete(itemId);
        for (const feature of story.features) {
          const holders = index.get(feature);
          holders?.delete(story);
          if (holders?.size === 0) index.delete(feature);
        }
      }
    }
  }

  return {
    assign(item: StoryItem): StoryAssignment {
      const known = assigned.get(item.id);
      if (known) return { storyId: known, isNew: false };
      const at = timeOf(item);
      newest = Math.max(newest, at);
      forgetOld();
      const print = fingerprint(item);
      let best: { story: Story; score: number } | null = null;
      for (const story of candidatesFor(print)) {
        for (const member of story.members) {
          const gap = Math.abs(member.at - at);
          if (gap > Math.max(windowMs, followUpMs)) continue;
          const score = similarityOf(print, member.fingerprint);
          const needed = gap <= windowMs ? threshold : followUpThreshold;
          if (score >= needed && (!best || score > best.score)) best = { story, score };
        }
      }
      if (best) {
        addMember(best.story, print, at);
        assigned.set(item.id, best.story.id);
        return { storyId: best.story.id, isNew: false };
      }
      const story: Story = { id: item.id, seq: created++, members: [], latest: at, features: new Set() };
      addMember(story, print, at);
      stories.push(story);
      byId.set(story.id, story);
      assigned.set(item.id, item.id);
      return { storyId: item.id, isNew: true };
    },
    /**
     * Adds an item already assigned elsewhere (the story table: another instance, or before a restart)
     * to its story without scoring it, so later items can join that story here too.
     */
    remember(item: StoryItem, storyId: string): void {
      if (assigned.has(item.id)) return;
      const at = timeOf(item);
      newest = Math.max(newest, at);
      let story = byId.get(storyId);
      if (!story) {
        story = { id: storyId, seq: created++, members: [], latest: at, features: new Set() };
        stories.push(story);
        byId.set(storyId, story);
      }
      addMember(story, fingerprint(item), at);
      assigned.set(item.id, storyId);
    },
    /** How long the clusterer remembers a quiet story (ms): what a cache in front of the story table must load. */
    memoryMs,
    /** Stories currently remembered (for tests and metrics). */
    size(): number {
      return stories.length;
    },
  };
}

export type StoryClusterer = ReturnType<typeof createStoryClusterer>;

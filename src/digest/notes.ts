import type { Language } from './schema.js';

/** Reader-facing notes the pipeline adds to a digest, in the digest's language. */
export const pipelineNotes = {
  modelFallback: (language: Language): string =>
    language === 'id'
      ? 'Model AI tidak tersedia, jadi ringkasan ini dibuat oleh peringkas bawaan.'
      : 'The AI model was unavailable, so this digest was made by the built-in summarizer.',
  droppedUnsupported: (language: Language, count: number): string =>
    language === 'id'
      ? `${count} butir dihapus karena kutipannya tidak ditemukan dalam artikel.`
      : `${count} ${count === 1 ? 'item was' : 'items were'} removed because the quoted evidence is not in the article.`,
};

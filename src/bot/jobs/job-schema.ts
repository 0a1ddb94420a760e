import { z } from 'zod';
import { LanguageSchema } from '../../core/language.js';

const DigestInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('url'), url: z.string() }),
  z.object({ kind: z.literal('text'), text: z.string() }),
  z.object({ kind: z.literal('html'), html: z.string(), url: z.string().nullable() }),
  z.object({
    kind: z.literal('upload'),
    fileId: z.string().min(1),
    contentId: z.string().min(1),
    fileName: z.string().nullable(),
    mimeType: z.string().nullable(),
    size: z.number().int().nonnegative().nullable(),
  }),
]);

const chatId = z.number().int();
const messageId = z.number().int();

/** A digest request from a chat message (`new`) or a language-button press (`switch`). */
export const DigestJobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('new'),
    updateId: z.number().int(),
    chatId,
    /** The requester, for the quota; null when Telegram gives none (channel posts). */
    userId: z.number().int().nullable(),
    language: LanguageSchema,
    input: DigestInputSchema,
    /** The user's message the placeholder and digest reply to. */
    replyToMessageId: messageId,
    /** Forum topic, so the answer lands in the same topic. */
    threadId: messageId.optional(),
  }),
  z.object({
    kind: z.literal('switch'),
    updateId: z.number().int(),
    chatId,
    language: LanguageSchema,
    /** Key from store.digestRequests. */
    requestKey: z.string().min(1),
    /** The digest message whose button was pressed. */
    messageId,
    /** The pressed digest had several parts: answer with new messages instead of editing. */
    multipart: z.boolean(),
    threadId: messageId.optional(),
  }),
]);
export type DigestJob = z.infer<typeof DigestJobSchema>;

/** A stored payload back into a job; null when it is not one (a bug, an old format or a foreign row). */
export function parseJobPayload(payload: string): DigestJob | null {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const parsed = DigestJobSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

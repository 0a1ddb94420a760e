import { z } from 'zod';

/** Languages a digest, a reply or a reminder can be written in. */
export const LanguageSchema = z.enum(['en', 'id']);
export type Language = z.infer<typeof LanguageSchema>;

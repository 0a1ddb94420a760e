import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

/** One curated source from config/sources.json, offered as `/subscribe <id>` and listed by /sources. */
export const PresetSchema = z.object({
  /** Short lower-case slug the user types ("antara-id-dunia"). */
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'id must be a lower-case slug like "antara-id-dunia"').max(40),
  /** Display name shown in /sources. */
  name: z.string().trim().min(1).max(80),
  url: z.url({ protocol: /^https?$/, message: 'url must be an absolute http(s) URL' }),
  /** Language the source writes in. */
  language: z.enum(['en', 'id']),
});
export type Preset = z.infer<typeof PresetSchema>;

/**
 * Validates a parsed catalogue: an array of presets with unique ids and URLs. Throws AppError
 * CONFIG_INVALID naming the offending entry (position and id).
 */
export function parsePresets(data: unknown, source = 'sources'): Preset[] {
  if (!Array.isArray(data)) throw new AppError('CONFIG_INVALID', `${source}: expected a JSON array of sources`);
  const presets: Preset[] = [];
  const ids = new Map<string, number>();
  const urls = new Map<string, number>();
  data.forEach((entry: unknown, index) => {
    const rawId = typeof entry === 'object' && entry !== null && 'id' in entry ? String((entry as { id: unknown }).id) : '?';
    const where = `${source} entry ${index + 1} (id "${rawId}")`;
    const parsed = PresetSchema.safeParse(entry);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
      throw new AppError('CONFIG_INVALID', `${where}: ${problems}`, { details: { entry: index + 1 } });
    }
    const preset = parsed.data;
    const sameId = ids.get(preset.id);
    if (sameId !== undefined) throw new AppError('CONFIG_INVALID', `${where}: id already used by entry ${sameId}`, { details: { entry: index + 1 } });
    const sameUrl = urls.get(preset.url);
    if (sameUrl !== undefined) throw new AppError('CONFIG_INVALID', `${where}: url already used by entry ${sameUrl}`, { details: { entry: index + 1 } });
    ids.set(preset.id, index + 1);
    urls.set(preset.url, index + 1);
    presets.push(preset);
  });
  return presets;
}

/** Reads and validates the preset catalogue (config/sources.json). Throws AppError CONFIG_INVALID. */
export function loadPresets(path: string): Preset[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `Cannot read the source catalogue ${path}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `${path} is not valid JSON`, { cause: error });
  }
  return parsePresets(data, path);
}

/** The preset a user means by `query` (its id, any case), or undefined. */
export function findPreset(presets: readonly Preset[], query: string): Preset | undefined {
  const wanted = query.trim().toLowerCase();
  return presets.find((preset) => preset.id === wanted);
}

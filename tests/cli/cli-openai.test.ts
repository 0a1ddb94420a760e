import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DigestSchema } from '../../src/digest/schema.js';
import { errorReply, type FakeOpenAIServer, jsonReply, startFakeOpenAI } from '../support/fake-openai-server.js';

const SEED = resolve(import.meta.dirname, '../fixtures/antara-putin-pezeshkian-id.txt');

// A canned model reply for the seed article, as a good model would write it in English.
const cannedDraft = {
  headline: 'Putin and Pezeshkian agree to deepen Russia–Iran cooperation',
  summary:
    'Russian President Vladimir Putin and Iranian President Masoud Pezeshkian discussed bilateral cooperation under their Comprehensive Strategic Partnership Treaty by phone. They agreed to strengthen practical ties and foreign-policy coordination.',
  who: [
    { name: 'Vladimir Putin', role: 'President of Russia', country: 'Russia' },
    { name: 'Masoud Pezeshkian', role: 'President of Iran', country: 'Iran' },
  ],
  countries: ['Russia', 'Iran'],
  what: 'Phone call between the presidents of Russia and Iran',
  when: null,
  where: 'By phone',
  agreements: [
    {
      text: 'Strengthen cooperation and foreign-policy coordination',
      evidence: 'Para presiden sepakat untuk meningkatkan kerja sama dalam rangka memperkuat hubungan praktis Rusia-Iran secara menyeluruh',
    },
    // Invented: not in the article, so the evidence check must drop it.
    { text: 'Build a new nuclear plant', evidence: 'kedua presiden sepakat membangun pembangkit nuklir baru di Bushehr' },
  ],
  nextSteps: [],
  keyPoints: ['Trade, investment, transport and energy projects', 'Oman-mediated US–Iran nuclear talks', 'Condolences for the Shahid Rajaee port explosion'],
  background: ['Comprehensive Strategic Partnership Treaty signed on 17 January'],
};

describe('CLI with an OpenAI-compatible model', () => {
  let server: FakeOpenAIServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startFakeOpenAI();
    env = { OPENAI_API_KEY: 'sk-test-cli', OPENAI_BASE_URL: server.baseURL, OPENAI_MODEL: 'fake-model', OPENAI_MAX_RETRIES: '1' };
  });
  afterAll(() => server.close());

  async function run(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { env, readStdin: async () => '', stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  it('digests the seed with one model call and drops the invented agreement', async () => {
    server.setReplies([jsonReply(cannedDraft)]);
    const before = server.requests.length;
    const { code, stdout, stderr } = await run(['--format', 'json', SEED]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(server.requests.length - before).toBe(1);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.engine).toBe('openai');
    expect(digest.model).toBe('fake-model');
    expect(digest.agreements.map((a) => a.text)).toEqual(['Strengthen cooperation and foreign-policy coordination']);
    expect(digest.notes.join(' ')).toMatch(/removed because the quoted evidence is not in the article/);
    // The article went to the model fenced, without the site's boilerplate.
    const userMessage = JSON.stringify(server.requests.at(-1)?.body);
    expect(userMessage).toContain('<<<ARTICLE');
    expect(userMessage).toContain('Shahid Rajaee');
    expect(userMessage).not.toContain('Baca juga');
  });

  it('falls back to the built-in engine with a visible note when the model keeps failing', async () => {
    server.setReplies([errorReply(503, 'overloaded')]);
    const { code, stdout } = await run(['--format', 'json', '--lang', 'id', SEED]);
    expect(code).toBe(0);
    const digest = DigestSchema.parse(JSON.parse(stdout));
    expect(digest.engine).toBe('extractive');
    expect(digest.notes[0]).toMatch(/Model AI tidak tersedia/);
    expect(digest.who.map((p) => p.name)).toContain('Vladimir Putin');
  });

  it('reports the failure when the model engine is asked for explicitly', async () => {
    server.setReplies([errorReply(503, 'overloaded')]);
    const { code, stderr } = await run(['--engine', 'openai', SEED]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/MODEL_UNAVAILABLE/);
    expect(stderr).not.toContain('sk-test-cli');
  });
});

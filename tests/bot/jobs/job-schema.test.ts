import { describe, expect, it } from 'vitest';
import { type DigestJob, parseJobPayload } from '../../../src/bot/jobs/job-schema.js';

const newJob: DigestJob = {
  kind: 'new',
  updateId: 10,
  chatId: -100,
  userId: 5,
  language: 'id',
  input: { kind: 'url', url: 'https://a.example/x' },
  replyToMessageId: 3,
  threadId: 9,
};
const switchJob: DigestJob = { kind: 'switch', updateId: 11, chatId: 7, language: 'en', requestKey: 'k1', messageId: 4, multipart: false };

describe('digest job payload', () => {
  it('reads back both kinds of job as they were stored', () => {
    expect(parseJobPayload(JSON.stringify(newJob))).toEqual(newJob);
    expect(parseJobPayload(JSON.stringify(switchJob))).toEqual(switchJob);
  });

  it('refuses payloads that are not a job this version can run', () => {
    expect(parseJobPayload('{not json')).toBeNull();
    expect(parseJobPayload(JSON.stringify({ ...newJob, language: 'fr' }))).toBeNull();
    expect(parseJobPayload(JSON.stringify({ ...newJob, input: { kind: 'pdf', bytes: 'x' } }))).toBeNull();
    expect(parseJobPayload(JSON.stringify({ ...switchJob, messageId: '4' }))).toBeNull();
    expect(parseJobPayload(JSON.stringify({ ...switchJob, kind: 'other' }))).toBeNull();
    expect(parseJobPayload('null')).toBeNull();
  });
});

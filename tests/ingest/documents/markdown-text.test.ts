import { describe, expect, it } from 'vitest';
import { markdownText } from '../../../src/ingest/documents/markdown-text.js';

describe('markdownText', () => {
  it('takes the first level-1 heading as the title and turns markup into plain paragraphs', () => {
    const source = [
      '---',
      'layout: post',
      '---',
      '# Joint Statement on *Maritime* Cooperation',
      '',
      'The ministers of **Indonesia** and [Malaysia](https://example.org/my) met in',
      'Jakarta on `6 May 2025`. ![flag](flag.png)',
      '',
      '## Outcomes',
      '',
      '- a plan of action for 2025_2030',
      '- joint patrols in the *Strait of Malacca*',
      '',
      '> "We agreed on concrete steps," the minister said.',
      '',
      '```ts',
      'const secret = 1;',
      '```',
      '<!-- draft note -->',
      '| Item | Date |',
      '|------|------|',
      '| Signing | 6 May |',
      '',
      '***',
      '[ref]: https://example.org',
    ].join('\n');
    expect(markdownText(source)).toEqual({
      title: 'Joint Statement on Maritime Cooperation',
      text: [
        'Joint Statement on Maritime Cooperation',
        'The ministers of Indonesia and Malaysia met in Jakarta on 6 May 2025.',
        'Outcomes',
        'a plan of action for 2025_2030',
        'joint patrols in the Strait of Malacca',
        '"We agreed on concrete steps," the minister said.',
        'Item · Date',
        'Signing · 6 May',
      ].join('\n\n'),
    });
  });

  it('reads a setext heading and has no title without a level-1 heading', () => {
    expect(markdownText('Siaran Pers\n===========\n\nMenteri Luar Negeri bertemu.').title).toBe('Siaran Pers');
    expect(markdownText('## Only a subheading\n\nText.')).toEqual({ title: null, text: 'Only a subheading\n\nText.' });
  });
});

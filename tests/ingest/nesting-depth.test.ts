import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error.js';
import { userMessage } from '../../src/errors/user-messages.js';
import { extractPage } from '../../src/ingest/extract.js';
import { assertNestingDepth, htmlNestingDepth, MAX_NESTING_DEPTH } from '../../src/ingest/nesting-depth.js';
import { HOSTILE_INPUTS } from '../fixtures/hostile/generate.js';

const hostile = (name: string) => HOSTILE_INPUTS.find((input) => input.name === name)!.build();

interface DomNode {
  nodeType: number;
  childNodes: ArrayLike<DomNode>;
}

/** Depth of the deepest element under <html> in the DOM linkedom builds (html itself is level 1). */
function domDepth(html: string): number {
  const { document } = parseHTML(html) as unknown as { document: DomNode };
  let deepest = 0;
  const stack: Array<[DomNode, number]> = [[document, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.nodeType === 1) deepest = Math.max(deepest, depth);
    for (let i = 0; i < node.childNodes.length; i++) stack.push([node.childNodes[i]!, depth + 1]);
  }
  return deepest;
}

const page = (body: string) => `<!DOCTYPE html><html><head><title>t</title></head><body>${body}</body></html>`;

describe('htmlNestingDepth', () => {
  it.each([
    ['nested divs', '<div>'.repeat(40) + 'x' + '</div>'.repeat(40)],
    ['unclosed paragraphs', '<p>one<p>two<p>three'.repeat(200)],
    ['unclosed list items', `<ul>${'<li>item'.repeat(300)}</ul>`],
    ['unclosed table cells', `<table>${'<tr><td>a<td>b'.repeat(100)}</table>`],
    ['void elements', '<div>' + '<br><img src="a.png"><hr><input>'.repeat(300) + '</div>'],
    ['a closing tag that closes inner unclosed elements', '<div><span><b><i>x</div>'.repeat(100)],
    ['stray closing tags', '</div></span></p>'.repeat(100) + '<div>x</div>'],
  ])('counts %s as deep as the DOM linkedom builds', (_name, body) => {
    expect(htmlNestingDepth(page(body), 10_000)).toBe(domDepth(page(body)));
  });

  it('ignores tags inside comments, scripts, styles and quoted attribute values', () => {
    const fake = '<div>'.repeat(1000);
    const body = `<!-- ${fake} --><script>var s = "${fake}";</script><style>/* ${fake} */</style><a title="x>${fake}">y</a><p>z</p>`;
    expect(htmlNestingDepth(page(body))).toBe(3);
  });

  it('stops counting as soon as the depth passes the limit', () => {
    expect(htmlNestingDepth(hostile('nested-div-50000'), MAX_NESTING_DEPTH)).toBe(MAX_NESTING_DEPTH + 1);
  });

  it('accepts a page nested exactly to the limit and refuses one level more', () => {
    // html and body are two levels.
    const at = (levels: number) => page(`${'<div>'.repeat(levels - 2)}x${'</div>'.repeat(levels - 2)}`);
    expect(() => assertNestingDepth(at(MAX_NESTING_DEPTH))).not.toThrow();
    expect(() => assertNestingDepth(at(MAX_NESTING_DEPTH + 1))).toThrow(AppError);
  });
});

describe('extractPage on deeply nested pages', () => {
  it.each(['nested-div-5000', 'nested-div-50000'])('refuses the hostile page %s with PAGE_TOO_COMPLEX before parsing it', (name) => {
    let error: unknown;
    try {
      extractPage(hostile(name), 'https://pages.example.test/nested');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('PAGE_TOO_COMPLEX');
    expect(userMessage(error, 'en')).toMatch(/nested too deeply/);
    expect(userMessage(error, 'id')).toMatch(/terlalu rumit/);
  });
});

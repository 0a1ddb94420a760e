import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';

// patches/linkedom+<version>.patch (applied by npm's postinstall) makes linkedom create a node's listener map on
// first use instead of in every node's constructor: a WeakMap entry per parsed node cost a third of a page read.
const require = createRequire(import.meta.url);
const linkedomRoot = dirname(require.resolve('linkedom/package.json'));
const patchDir = join(import.meta.dirname, '../../patches');

describe('the linkedom patch', () => {
  it('is written for the linkedom version that is installed', () => {
    const installed = (JSON.parse(readFileSync(join(linkedomRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(readdirSync(patchDir).filter((file) => file.startsWith('linkedom+'))).toEqual([`linkedom+${installed}.patch`]);
  });

  it('is applied to both builds, so parsing adds no listener map per node', () => {
    for (const build of ['esm', 'cjs']) {
      const source = readFileSync(join(linkedomRoot, build, 'interface/event-target.js'), 'utf8');
      const constructorBody = /constructor\(\) \{([^}]*)\}/.exec(source)?.[1] ?? 'constructor not found';
      expect(constructorBody, `${build} build`).not.toMatch(/wm\.set/);
    }
  });

  it('keeps event listeners working on parsed nodes', () => {
    const { document } = parseHTML('<html><body><p id="a">text</p><p id="b">more</p></body></html>');
    const first = document.getElementById('a');
    const second = document.getElementById('b');
    if (!first || !second) throw new Error('the page did not parse');
    const heard: string[] = [];
    const listener = (event: Event) => heard.push(`${event.type}:${(event.target as unknown as { id: string }).id}`);
    // Removing from a node that never had a listener must not throw now that its map is created lazily.
    expect(() => second.removeEventListener('ping', listener)).not.toThrow();
    first.addEventListener('ping', listener);
    first.dispatchEvent(new document.defaultView.Event('ping'));
    second.dispatchEvent(new document.defaultView.Event('ping'));
    first.removeEventListener('ping', listener);
    first.dispatchEvent(new document.defaultView.Event('ping'));
    expect(heard).toEqual(['ping:a']);
  });
});

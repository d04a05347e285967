/** Help text renders as markdown, never as injected HTML, and empty sections are dropped (react-dom/server). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { HelpText } from '../../../renderer/src/components/HelpText';
import { helpSections, withoutEmptySections } from '../../../renderer/src/components/help-sections';

const render = (text: string) => renderToStaticMarkup(createElement(HelpText, { text }));

// Vault's framework root help for a backend whose Help is empty.
const NO_DESCRIPTION = '## DESCRIPTION\n\n\n\n## PATHS\n\nThe following paths are supported by this backend.\n\n    ^config$\n        Configure it.';

describe('help sections', () => {
  it('drops a heading with nothing under it (a plugin without a description)', () => {
    assert.deepEqual(helpSections(NO_DESCRIPTION).map((section) => section.title), ['PATHS']);
    assert.doesNotMatch(withoutEmptySections(NO_DESCRIPTION), /DESCRIPTION/);
  });

  it('keeps text before the first heading and every section with a body', () => {
    const sections = helpSections('intro\n\n## DESCRIPTION\n\nWhat it does.\n\n## PATHS\n\n    ^x$');
    assert.deepEqual(sections.map((s) => [s.title, s.body]), [[undefined, 'intro'], ['DESCRIPTION', 'What it does.'], ['PATHS', '^x$']]);
  });

  it('a "#" line inside a fenced code block is not a heading', () => {
    assert.deepEqual(helpSections('## USAGE\n\n```\n# a comment\n```').map((s) => s.title), ['USAGE']);
  });
});

describe('HelpText', () => {
  it('renders nothing for a help text with only empty sections', () => {
    assert.equal(render('## DESCRIPTION\n\n\n'), '');
  });

  it('renders headings, paragraphs, lists, code, emphasis and links', () => {
    const html = render(
      '## DESCRIPTION\n\nThe **transit** engine handles *cryptography*.\n\n- one\n- two\n\n1. first\n\nUse `encrypt/<key>`:\n\n    vault write transit/encrypt/k\n\nSee [the docs](https://developer.hashicorp.com/vault).',
    );
    assert.match(html, /<h3>DESCRIPTION<\/h3>/);
    assert.match(html, /<strong>transit<\/strong>/);
    assert.match(html, /<em>cryptography<\/em>/);
    assert.match(html, /<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    assert.match(html, /<ol>\s*<li>first<\/li>\s*<\/ol>/);
    assert.match(html, /<code>encrypt\/&lt;key&gt;<\/code>/);
    assert.match(html, /<pre><code>vault write transit\/encrypt\/k\n<\/code><\/pre>/);
    assert.match(html, /<a href="https:\/\/developer.hashicorp.com\/vault" target="_blank" rel="noreferrer noopener">the docs<\/a>/);
    assert.doesNotMatch(html, /##/);
  });

  it('shows raw HTML as text, never as markup', () => {
    const html = render('Read "hello/<name>" to greet.\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    assert.match(html, /hello\/&lt;name&gt;/);
    assert.doesNotMatch(html, /<script|<img|<name>/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('drops javascript: links', () => {
    const html = render('[click](javascript:alert(1))');
    assert.doesNotMatch(html, /javascript:/);
    assert.match(html, />click</);
  });
});

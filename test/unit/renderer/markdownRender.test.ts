// Typechecked with the renderer (tsconfig.web.json): it renders the Markdown component to static markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownBlockSplitter } from '../../../src/renderer/src/markdown/blocks';
import { Markdown, MarkdownView, revealedPrefix } from '../../../src/renderer/src/markdown/Markdown';
import { FIRST_PART_CHARS } from '../../../src/renderer/src/markdown/revealPace';
import { initI18n } from '../../../src/renderer/src/i18n';
import { reasoningParagraphs } from '../../../src/renderer/src/chat/ReasoningBlock';
import { reply } from './markdownSample';

initI18n('zh-CN');

/** The text rendered in one piece (what the block-by-block renders are compared with). */
function renderWhole(text: string, highlight?: string[]): string {
  return renderToStaticMarkup(createElement(MarkdownView, { text, split: null, highlight }));
}

/** Streams `text` into a splitter a few characters at a time, then renders the blocks it holds at the end. */
function renderStreamedMarkup(text: string, highlight?: string[]): string {
  const splitter = new MarkdownBlockSplitter();
  for (let end = 1; end < text.length; end += 7) splitter.split(text.slice(0, end));
  return renderToStaticMarkup(createElement(MarkdownView, { text, split: splitter.split(text), highlight }));
}

const GROUP_OPEN = '<div class="markdown-group';

/** The streamed markup without the wrappers of its groups of blocks (plain blocks: for layout and paint only). */
function renderStreamed(text: string, highlight?: string[]): string {
  let html = renderStreamedMarkup(text, highlight);
  for (let open = html.indexOf(GROUP_OPEN); open >= 0; open = html.indexOf(GROUP_OPEN)) {
    // Its closing tag: the </div> that brings the nesting of <div>s back to zero.
    const tags = /<div[\s>]|<\/div>/g;
    const openEnd = html.indexOf('>', open) + 1;
    tags.lastIndex = openEnd;
    let depth = 1;
    let tag = tags.exec(html);
    for (; tag; tag = tags.exec(html)) {
      depth += tag[0] === '</div>' ? -1 : 1;
      if (depth === 0) break;
    }
    if (!tag) throw new Error('unclosed group');
    html = html.slice(0, open) + html.slice(openEnd, tag.index) + html.slice(tag.index + '</div>'.length);
  }
  return html;
}

describe('Markdown rendered block by block', () => {
  it('renders a streamed reply exactly as the whole text at once', () => {
    const streamed = renderStreamed(reply);
    expect(streamed).toBe(renderWhole(reply));
    // The constructs really are there.
    expect(streamed).toContain('class="katex-display"');
    expect(streamed).toContain('class="katex"');
    expect(streamed).toContain('class="hljs language-ts"');
    expect(streamed).toContain('class="table-scroll"');
    expect(streamed).toContain('data-testid="copy-code"');
    expect(streamed).toContain('<h2>Setext heading</h2>');
    expect(streamed).toContain('<hr/>');
  });

  it('puts the blocks in groups of a fixed size, in order', () => {
    const many = Array.from({ length: 70 }, (_, i) => `Paragraph ${i} with $x_{${i}}$.`).join('\n\n');
    const html = renderStreamedMarkup(many);
    expect(html.split(GROUP_OPEN)).toHaveLength(4);
    expect(html.indexOf('Paragraph 31')).toBeLessThan(html.indexOf(GROUP_OPEN, html.indexOf('Paragraph 0')));
    expect(html.lastIndexOf(GROUP_OPEN, html.indexOf('Paragraph 32'))).toBeGreaterThan(html.indexOf('Paragraph 31'));
    expect(renderStreamed(many)).toBe(renderWhole(many));
    // The group holding the first shown block is marked (its first margin is dropped). No group is settled
    // before the browser has laid it out.
    expect(html.startsWith('<div class="markdown"><div class="markdown-group first-shown">')).toBe(true);
    expect(html.match(/markdown-group[^"]*"/g)).toEqual(['markdown-group first-shown"', 'markdown-group"', 'markdown-group"']);
    // Blocks that render nothing (link definitions) do not count as shown.
    const defined = `${Array.from({ length: 40 }, (_, i) => `[d${i}]: https://example.com/${i}`).join('\n\n')}\n\n${many}`;
    expect(renderStreamedMarkup(defined).match(/markdown-group[^"]*"/g)).toEqual(['markdown-group"', 'markdown-group first-shown"', 'markdown-group"', 'markdown-group"']);
  });

  it('continues the numbering of an ordered list split by a code block', () => {
    const streamed = renderStreamed(reply);
    expect(streamed).toContain('<ol start="3">');
    expect(streamed.match(/<ol>/g)).toHaveLength(1);
  });

  it('marks searched words in every block', () => {
    const streamed = renderStreamed(reply, ['量子']);
    expect(streamed).toBe(renderWhole(reply, ['量子']));
    // In the heading (first block) and the paragraph after it.
    expect(streamed.match(/<mark class="search-mark">量子<\/mark>/g)).toHaveLength(2);
  });

  it('keeps URLs safe and HTML inert in every block', () => {
    const text = 'Intro\n\n[bad](javascript:alert(1)) and ![pic](https://example.com/p.png)\n\n<script>alert(1)</script>\n\n<b>bold?</b>\n';
    const streamed = renderStreamed(text);
    expect(streamed).toBe(renderWhole(text));
    expect(streamed).not.toContain('javascript:');
    expect(streamed).not.toContain('<script');
    expect(streamed).not.toContain('<img');
    expect(streamed).toContain('class="image-link"');
  });

  it('resolves link references across blocks and renders footnotes as one render does', () => {
    const links = 'See [the docs][docs].\n\n```\ncode\n```\n\nAnd [again][docs].\n\n[docs]: https://example.com/docs "Docs"\n';
    expect(renderStreamed(links)).toBe(renderWhole(links));
    expect(renderStreamed(links).match(/href="https:\/\/example.com\/docs"/g)).toHaveLength(2);
    const footnotes = 'Claim[^1] and another[^2].\n\n```\ncode\n```\n\n[^1]: Source one.\n[^2]: Source two.\n';
    expect(renderStreamed(footnotes)).toBe(renderWhole(footnotes));
    expect(renderStreamed(footnotes)).toContain('data-footnotes');
  });
});

describe('reasoning paragraphs', () => {
  it('cut a long thinking text after its blank lines, keeping every character', () => {
    const thinking = '先想一想。\n\n第二段\n第二段续\n\n\n第三段';
    expect(reasoningParagraphs(thinking)).toEqual(['先想一想。\n\n', '第二段\n第二段续\n\n\n', '第三段']);
    expect(reasoningParagraphs(thinking).join('')).toBe(thinking);
    // A paragraph that is still growing is the last piece; the finished ones stay as they were.
    expect(reasoningParagraphs('a\n\nb')).toEqual(['a\n\n', 'b']);
    expect(reasoningParagraphs('a\n\n')).toEqual(['a\n\n']);
    expect(reasoningParagraphs('')).toEqual([]);
  });
});

describe('a long text revealed frame by frame', () => {
  it('renders only a first part at first, cut at a line end', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第 ${i} 段 paragraph ${i}.`).join('\n\n');
    expect(text.length).toBeGreaterThan(FIRST_PART_CHARS * 2);
    const first = revealedPrefix(text, FIRST_PART_CHARS);
    expect(first.endsWith('\n')).toBe(true);
    expect(first.length).toBeLessThanOrEqual(FIRST_PART_CHARS);
    expect(text.startsWith(first)).toBe(true);
    // The server render has no frames to grow in: it shows exactly the first part, rendered as that text alone.
    const html = renderToStaticMarkup(createElement(Markdown, { text }));
    expect(html).toContain('第 0 段');
    expect(html).not.toContain('第 399 段');
    expect(html.replace(/<\/?div[^>]*>/g, '')).toBe(renderWhole(first).replace(/<\/?div[^>]*>/g, ''));
  });

  it('never splits a character outside the Basic Multilingual Plane when a line has no end in reach', () => {
    const text = '𝔸'.repeat(FIRST_PART_CHARS);
    const first = revealedPrefix(text, 3);
    expect(first).toBe('𝔸𝔸');
    expect(revealedPrefix(text, 4)).toBe('𝔸𝔸');
  });
});

// Typechecked with the renderer (tsconfig.web.json): it renders the Markdown component to static markup.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownBlockSplitter } from '../../../src/renderer/src/markdown/blocks';
import { Markdown, MarkdownView } from '../../../src/renderer/src/markdown/Markdown';
import { initI18n } from '../../../src/renderer/src/i18n';
import { reasoningParagraphs } from '../../../src/renderer/src/chat/ReasoningBlock';
import { reply } from './markdownSample';

initI18n('zh-CN');

function renderWhole(text: string, highlight?: string[]): string {
  return renderToStaticMarkup(createElement(Markdown, { text, highlight }));
}

/** Streams `text` into a splitter a few characters at a time, then renders the blocks it holds at the end. */
function renderStreamed(text: string, highlight?: string[]): string {
  const splitter = new MarkdownBlockSplitter();
  for (let end = 1; end < text.length; end += 7) splitter.split(text.slice(0, end));
  return renderToStaticMarkup(createElement(MarkdownView, { text, split: splitter.split(text), highlight }));
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

// The KaTeX cache must be invisible: the same markup as rehype-katex itself, for every kind of math, and bounded.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import ReactMarkdown from 'react-markdown';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import katex from 'katex';
import type { Element, Root } from 'hast';
import { clearKatexCache, KATEX_CACHE_LIMIT, katexCacheSize, rehypeKatexCached } from '../../../src/renderer/src/markdown/rehypeKatexCached';

function render(text: string, plugin: typeof rehypeKatexCached | typeof rehypeKatex): string {
  return renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkMath], rehypePlugins: [plugin] }, text));
}

const samples = {
  inline: 'Energy $E = mc^2$ and $\\hbar \\omega$ inline.',
  display: 'Before\n\n$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\nAfter',
  fenced: '```math\n\\sum_{n=1}^\\infty \\frac{1}{n^2} = \\frac{\\pi^2}{6}\n```',
  broken: 'Bad $\\frac{1}{$ and $$\\left( x$$ here.',
};

describe('rehypeKatexCached', () => {
  beforeEach(() => clearKatexCache());

  for (const [kind, text] of Object.entries(samples)) {
    it(`renders ${kind} math as rehype-katex does, on a miss and on a hit`, () => {
      const expected = render(text, rehypeKatex);
      expect(expected).toContain('class="katex');
      expect(render(text, rehypeKatexCached)).toBe(expected);
      const cached = katexCacheSize();
      expect(cached).toBeGreaterThan(0);
      expect(render(text, rehypeKatexCached)).toBe(expected);
      expect(katexCacheSize()).toBe(cached);
    });
  }

  it('keeps display and inline renderings of the same source apart', () => {
    const text = '$x^2$\n\n$$\nx^2\n$$';
    render(text, rehypeKatexCached);
    expect(render(text, rehypeKatexCached)).toBe(render(text, rehypeKatex));
    expect(katexCacheSize()).toBe(2);
  });

  it('hands out copies: a later plugin changing the tree does not change the cache', () => {
    const emptyKatex = () => (tree: Root) => {
      const visit = (node: Root | Element) =>
        node.children.forEach((child) => {
          if (child.type !== 'element') return;
          if (Array.isArray(child.properties.className) && child.properties.className.includes('katex')) child.children = [];
          else visit(child);
        });
      visit(tree);
    };
    const text = 'Mass $m_0$ here.';
    const emptied = renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkMath], rehypePlugins: [rehypeKatexCached, emptyKatex] }, text));
    expect(emptied).toContain('<span class="katex"></span>');
    expect(render(text, rehypeKatexCached)).toBe(render(text, rehypeKatex));
  });

  it('renders each source once, stays bounded and evicts the least recently used first', () => {
    const renders = vi.spyOn(katex, 'renderToString');
    render('$kept$', rehypeKatexCached);
    render('$kept$', rehypeKatexCached);
    expect(renders).toHaveBeenCalledTimes(1);
    for (let i = 0; i < KATEX_CACHE_LIMIT + 50; i++) {
      if (i % 100 === 0) render('$kept$', rehypeKatexCached);
      render(`$x_{${i}}$`, rehypeKatexCached);
    }
    expect(katexCacheSize()).toBe(KATEX_CACHE_LIMIT);
    renders.mockClear();
    render('$kept$', rehypeKatexCached);
    expect(renders).not.toHaveBeenCalled();
    render('$x_{0}$', rehypeKatexCached);
    expect(renders).toHaveBeenCalledTimes(1);
    renders.mockRestore();
  });
});

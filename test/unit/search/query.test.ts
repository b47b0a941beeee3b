import { describe, expect, it } from 'vitest';
import { indexWords } from '../../../src/main/core/search/tokens';
import { parseQuery } from '../../../src/main/core/search/query';
import { matchRanges, snippet } from '../../../src/main/core/search/snippet';

describe('index text', () => {
  it('rewrites each CJK run as bigrams plus its last character, and leaves Latin words to unicode61', () => {
    expect(indexWords('我用Python写代码')).toBe('我用 用 Python 写代 代码 码');
    expect(indexWords('猫')).toBe('猫');
    // Full-width Latin becomes ASCII, so ＧＰＴ４ and GPT4 are one word.
    expect(indexWords('ＧＰＴ４很强')).toBe('GPT4 很强 强');
  });
});

describe('query parsing', () => {
  it('maps one, two and more CJK characters to a prefix, a bigram and a bigram phrase', () => {
    expect(parseQuery('猫').expression).toBe('text : ("猫"*)');
    expect(parseQuery('量子').expression).toBe('text : ("量子")');
    expect(parseQuery('量子力学').expression).toBe('text : ("量子 子力 力学")');
  });

  it('splits unquoted mixed scripts into ANDed terms and keeps quoted phrases whole', () => {
    expect(parseQuery('Python教程').expression).toBe('text : ("python" AND "教程")');
    expect(parseQuery('"用 Python 写"').expression).toBe('text : ("用 python 写"*)');
    expect(parseQuery('“深度学习 模型”').expression).toBe('text : ("深度 度学 学习 习 模型")');
  });

  it('turns FTS5 syntax typed by the user into plain words, or into nothing', () => {
    expect(parseQuery('AND OR "(').expression).toBe('text : ("and" AND "or")');
    // Latin words typed together stay together as a phrase ("NEAR(a" → "near a").
    expect(parseQuery('NEAR(a b) -c *').expression).toBe('text : ("near a" AND "b" AND "c")');
    expect(parseQuery('"" * ( ) : ^ {}').expression).toBeNull();
    expect(parseQuery('   ').expression).toBeNull();
  });
});

describe('snippets', () => {
  it('marks whole Latin words case-insensitively and CJK substrings, as plain segments', () => {
    expect(matchRanges('Pythonic python PYTHON', ['python'])).toEqual([
      [9, 15],
      [16, 22],
    ]);
    expect(snippet('我喜欢小猫和量子力学', ['猫', '量子'])).toEqual([
      { text: '我喜欢小', match: false },
      { text: '猫', match: true },
      { text: '和', match: false },
      { text: '量子', match: true },
      { text: '力学', match: false },
    ]);
  });

  it('cuts a long text around the first match, on one line, with ellipses', () => {
    const text = `${'前文'.repeat(100)}\n关键词<b>\n${'后文'.repeat(100)}`;
    const segments = snippet(text, ['关键词'], { maxChars: 40, before: 10 });
    expect(segments[0]!.text.startsWith('…')).toBe(true);
    expect(segments.at(-1)!.text.endsWith('…')).toBe(true);
    expect(segments.map((s) => s.text).join('').length).toBeLessThanOrEqual(42);
    expect(segments.find((s) => s.match)).toEqual({ text: '关键词', match: true });
    expect(segments.map((s) => s.text).join('')).not.toContain('\n');
    // Text is returned as text: markup stays inert characters for the renderer to escape.
    expect(segments.map((s) => s.text).join('')).toContain('<b>');
  });
});

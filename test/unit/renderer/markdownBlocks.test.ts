import { describe, expect, it } from 'vitest';
import { MarkdownBlockSplitter, type MarkdownBlocks } from '../../../src/renderer/src/markdown/blocks';
import { reply } from './markdownSample';
import { GrowingText } from '../../../src/renderer/src/state/growingText';

function texts(split: MarkdownBlocks): string[] {
  return split.blocks.map((block) => block.text);
}

describe('the Markdown block splitter', () => {
  it('splits at top-level blocks and joins back to the text', () => {
    const split = new MarkdownBlockSplitter().split(reply);
    expect(texts(split).join('')).toBe(reply);
    expect(split.whole).toBe(false);
    expect(split.definitions).toBe('');
    const firstLines = texts(split).map((block) => block.split('\n')[0]);
    expect(firstLines).toEqual([
      '# 量子力学简介',
      expect.stringMatching(/^量子力学描述/),
      '```ts',
      '$$',
      '| 能级 n | 能量 (eV) |',
      '1. 第一步：写出哈密顿量',
      '```python',
      '3. 第三步：归一化',
      '- loose item one',
      '> 引用：上帝不掷骰子。',
      'Setext heading',
      '~~~',
      '***',
      expect.stringMatching(/^最后一段/),
    ]);
    // Blank lines inside a fence and inside display math stay in their block.
    expect(split.blocks[2]!.text).toContain('\n\n\nconsole.log');
    expect(split.blocks[3]!.text).toContain('E = mc^2\n\n\\int');
  });

  it('keeps an unclosed fence or display math as the last block while it streams', () => {
    const fence = 'Intro\n\n```ts\nconst a = 1;\n\n## not a heading\n';
    expect(texts(new MarkdownBlockSplitter().split(fence))).toEqual(['Intro\n\n', '```ts\nconst a = 1;\n\n## not a heading\n']);
    const math = 'Intro\n\n$$\nE = mc^2\n\n- not a list\n';
    expect(texts(new MarkdownBlockSplitter().split(math))).toEqual(['Intro\n\n', '$$\nE = mc^2\n\n- not a list\n']);
  });

  it('gives every prefix of a reply blocks that join back to it, and never changes a finished block', () => {
    const splitter = new MarkdownBlockSplitter();
    let previous: readonly string[] = [];
    for (let end = 0; end <= reply.length; end++) {
      const prefix = reply.slice(0, end);
      const blocks = texts(splitter.split(prefix));
      expect(blocks.join('')).toBe(prefix);
      // Every block before the last two of the previous split is final: same index, same text.
      for (let i = 0; i < previous.length - 2; i++) expect(blocks[i]).toBe(previous[i]);
      previous = blocks;
    }
  });

  it('splits every prefix as a fresh split of that prefix does (the kept blocks are right)', () => {
    const splitter = new MarkdownBlockSplitter();
    for (let end = 0; end <= reply.length; end += 3) {
      const prefix = reply.slice(0, end);
      expect(splitter.split(prefix).blocks).toEqual(new MarkdownBlockSplitter().split(prefix).blocks);
    }
  });

  it('splits a text growing by appends from its pieces as it splits the text itself', () => {
    const fromPieces = new MarkdownBlockSplitter();
    const fromText = new MarkdownBlockSplitter();
    const growing = new GrowingText();
    let text = '';
    for (let start = 0; start < reply.length; start += 5) {
      const piece = reply.slice(start, start + 5);
      growing.append(piece);
      text += piece;
      expect(fromPieces.split(text, growing).blocks).toEqual(fromText.split(text).blocks);
    }
    // A text that is no continuation (another GrowingText, or none) is checked against the finished blocks again.
    expect(texts(fromPieces.split('# B\n\nother', new GrowingText('# B\n\nother')))).toEqual(['# B\n\n', 'other']);
    expect(texts(fromPieces.split('# B\n\nother two'))).toEqual(['# B\n\n', 'other two']);
  });

  it('takes any range of a growing text from its pieces', () => {
    const growing = new GrowingText('ab');
    for (const piece of ['', 'cde', 'f', '量子力学', 'gh']) growing.append(piece);
    const whole = 'abcdef量子力学gh';
    expect(growing.length).toBe(whole.length);
    for (let from = 0; from <= whole.length; from++) for (let to = from; to <= whole.length + 1; to++) expect(growing.slice(from, to)).toBe(whole.slice(from, to));
    expect(growing.slice(3)).toBe(whole.slice(3));
  });

  it('does not keep a list as finished while the next line may still continue it', () => {
    const splitter = new MarkdownBlockSplitter();
    expect(texts(splitter.split('1. a\n\n2'))).toEqual(['1. a\n\n', '2']);
    expect(texts(splitter.split('1. a\n\n2. b'))).toEqual(['1. a\n\n2. b']);
  });

  it('starts over when the text is not a continuation', () => {
    const splitter = new MarkdownBlockSplitter();
    splitter.split('# A\n\npara one\n\npara two');
    expect(texts(splitter.split('# B\n\nother'))).toEqual(['# B\n\n', 'other']);
  });

  it('puts link reference definitions of the whole text in front of every block', () => {
    const text = 'See [the docs][docs].\n\n```\ncode\n```\n\nAnd [again][docs].\n\n[docs]: https://example.com/docs "Docs"\n';
    const split = new MarkdownBlockSplitter().split(text);
    expect(split.whole).toBe(false);
    expect(split.definitions).toBe('[docs]: https://example.com/docs "Docs"\n\n');
  });

  it('renders a text with footnotes or a nested definition as one block', () => {
    expect(new MarkdownBlockSplitter().split('Claim[^1].\n\nMore.\n\n[^1]: Source.\n').whole).toBe(true);
    expect(new MarkdownBlockSplitter().split('See [x].\n\n> [x]: https://example.com\n').whole).toBe(true);
  });
});

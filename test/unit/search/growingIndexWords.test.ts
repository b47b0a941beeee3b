import { describe, expect, it } from 'vitest';
import { GrowingIndexWords, indexWords } from '../../../src/main/core/search/tokens';

/** The tokens FTS5 gets: index words split at whitespace (where both tokenizers split). */
const tokens = (words: string) => words.split(/\s+/u).filter(Boolean);

/** A deterministic generator of awkward text: CJK (with a surrogate pair), Latin with combining marks, full-width
 * forms and several kinds of whitespace, in pieces of any length. */
function pieces(seed: number): string[] {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const atoms = ['量子力学', '猫', '𠀀𠀁', 'ひらがな', 'カタカナー', 'GPT', 'Ｐｙｔｈｏｎ４', 'e\u0301', '\u0301', 'naïve', ' ', '\n', '\n\n', '\t', '\u3000', '\u00a0', '。', '，', 'x', '1.5', '`code`', '$x^2$'];
  const text = Array.from({ length: 300 }, () => atoms[Math.floor(random() * atoms.length)]!).join('');
  const cuts: string[] = [];
  for (let at = 0; at < text.length; ) {
    const length = 1 + Math.floor(random() * 12);
    cuts.push(text.slice(at, at + length));
    at += length;
  }
  return cuts;
}

describe('the index words of a growing text', () => {
  it('hold the same tokens as the whole text tokenized at once, after every piece it grows by', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const growing = new GrowingIndexWords();
      let text = '';
      for (const piece of pieces(seed)) {
        text += piece;
        expect(tokens(growing.words(text)), `seed ${seed} at ${text.length}`).toEqual(tokens(indexWords(text)));
      }
    }
  });

  it('start over when the text is not a continuation of the last one (an edit, a retry)', () => {
    const growing = new GrowingIndexWords();
    expect(growing.words('量子力学 is hard\nand ')).toBe(indexWords('量子力学 is hard\nand '));
    expect(tokens(growing.words('相对论 is harder\n'))).toEqual(tokens(indexWords('相对论 is harder\n')));
    expect(tokens(growing.words(''))).toEqual([]);
    expect(tokens(growing.words('猫 cat'))).toEqual(['猫', 'cat']);
  });

  it('tokenize only what the text grew by since its last whitespace', () => {
    const growing = new GrowingIndexWords();
    const first = `${'量子力学 '.repeat(1000)}\n`;
    growing.words(first);
    // A settled head is reused as it is: the words of the grown text start with the words of the first text.
    const grown = growing.words(`${first}猫和狗`);
    expect(grown.startsWith(indexWords(first).trimEnd())).toBe(true);
    expect(grown.endsWith('猫和 和狗 狗')).toBe(true);
  });
});

// How text becomes index tokens. SQLite's unicode61 tokenizer splits on spaces and punctuation, which works for
// English but would turn a whole Chinese sentence into one token. So before text reaches FTS5, every run of
// CJK characters c1…cn is rewritten as overlapping bigrams plus its last character: "c1c2 c2c3 … cn-1cn cn".
// Token i then starts with character i, which makes every query shape an exact token or phrase lookup:
//   2 characters  → one bigram token ("量子")
//   3+ characters → a phrase of consecutive bigrams ("量子 子力 力学" for 量子力学)
//   1 character   → a prefix lookup ("猫"*, answered by the table's prefix='1' index)
// Latin text passes through unchanged for unicode61 (words, case folding, diacritics).

/** Han, kana, and the marks that belong inside Japanese/Chinese words (ー 々 〇). */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3007]/u;
const CJK_RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3007]+/gu;

export function isCjk(char: string): boolean {
  return CJK_CHAR.test(char);
}

/** Full-width Latin and digits (ＧＰＴ４) become ASCII, so the index and queries agree on one spelling. */
export function normalizeText(text: string): string {
  return text.normalize('NFKC');
}

/** The text to put into the FTS text column for `text`: Latin words as written, CJK runs as bigrams + last character. */
export function indexWords(text: string): string {
  const normalized = normalizeText(text);
  const words: string[] = [];
  let last = 0;
  for (const match of normalized.matchAll(CJK_RUNS)) {
    const start = match.index;
    if (start > last) words.push(normalized.slice(last, start));
    words.push(runWords(match[0], true));
    last = start + match[0].length;
  }
  if (last < normalized.length) words.push(normalized.slice(last));
  return words.join(' ');
}

/** Index words joined: a space between them is a boundary to both tokenizers. */
function joinWords(head: string, tail: string): string {
  return head && tail ? `${head} ${tail}` : head || tail;
}

/** The end of the last ASCII whitespace in text[from..], or `from` if there is none. */
function afterLastWhitespace(text: string, from: number): number {
  for (let i = text.length - 1; i >= from; i--) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) return i + 1;
  }
  return from;
}

/**
 * The index words of a text that grows at its end (a streaming reply, indexed again and again while it grows):
 * the words up to the text's last whitespace are kept, so each call tokenizes only what came after it. Cutting
 * after ASCII whitespace changes nothing: NFKC leaves it alone and composes nothing across it, no CJK run or
 * Latin word spans it, so the two sides' words joined by a space hold exactly the whole text's tokens. A text
 * that is not a continuation of the last one is tokenized from the start.
 */
export class GrowingIndexWords {
  private settledSource = '';
  private settledWords = '';

  words(text: string): string {
    if (!text.startsWith(this.settledSource)) this.settledSource = this.settledWords = '';
    const done = this.settledSource.length;
    const cut = afterLastWhitespace(text, done);
    if (cut > done) {
      this.settledWords = joinWords(this.settledWords, indexWords(text.slice(done, cut)));
      this.settledSource = text.slice(0, cut);
    }
    return joinWords(this.settledWords, indexWords(text.slice(cut)));
  }
}

/**
 * The tokens of one CJK run, separated by spaces: bigrams, plus the last character when `withLast` (the run ends
 * there). One pass over the run's code points, with no array of characters or tokens: indexing calls it for every
 * run of every message.
 */
function runWords(run: string, withLast: boolean): string {
  let words = '';
  let previous = '';
  for (const char of run) {
    if (previous) words += `${previous}${char} `;
    previous = char;
  }
  return withLast ? words + previous : words.slice(0, -1);
}

/** runWords as a list, for queries (a few characters each). */
export function runTokens(chars: readonly string[], withLast: boolean): string[] {
  const words = runWords(chars.join(''), withLast);
  return words ? words.split(' ') : [];
}

/** Splits `text` into CJK runs and the non-CJK text between them, in order. */
export function scriptRuns(text: string): Array<{ cjk: boolean; text: string }> {
  const runs: Array<{ cjk: boolean; text: string }> = [];
  let last = 0;
  for (const match of text.matchAll(CJK_RUNS)) {
    if (match.index > last) runs.push({ cjk: false, text: text.slice(last, match.index) });
    runs.push({ cjk: true, text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ cjk: false, text: text.slice(last) });
  return runs;
}

/** Latin-side words the way unicode61 sees them (its default token classes L* N* Co); the rest separates. */
export function latinWords(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

// How text becomes index tokens. SQLite's unicode61 tokenizer splits on spaces and punctuation, which works for
// English but would turn a whole Chinese sentence into one token. So before text reaches FTS5, every run of
// CJK characters c1…cn is rewritten as overlapping bigrams plus its last character: "c1c2 c2c3 … cn-1cn cn".
// Token i then starts with character i, which makes every query shape an exact token or phrase lookup:
//   2 characters  → one bigram token ("量子")
//   3+ characters → a phrase of consecutive bigrams ("量子 子力 力学" for 量子力学)
//   1 character   → a token in the separate unigram column (every CJK character, for one-character queries)
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

export interface IndexText {
  /** Latin words as written, CJK runs as bigrams + last character. */
  words: string;
  /** Every CJK character once per occurrence, for one-character queries. */
  unigrams: string;
}

/** The text to put into the FTS columns for `text`. */
export function indexText(text: string): IndexText {
  const normalized = normalizeText(text);
  const words: string[] = [];
  const unigrams: string[] = [];
  let last = 0;
  for (const match of normalized.matchAll(CJK_RUNS)) {
    const start = match.index;
    if (start > last) words.push(normalized.slice(last, start));
    const chars = Array.from(match[0]);
    words.push(runTokens(chars, true).join(' '));
    unigrams.push(chars.join(' '));
    last = start + match[0].length;
  }
  if (last < normalized.length) words.push(normalized.slice(last));
  return { words: words.join(' '), unigrams: unigrams.join(' ') };
}

/** The tokens of one CJK run: bigrams, plus the last character when `withLast` (the run ends there). */
export function runTokens(chars: readonly string[], withLast: boolean): string[] {
  const tokens: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
  if (withLast && chars.length) tokens.push(chars[chars.length - 1]!);
  return tokens;
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

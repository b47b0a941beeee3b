// Finding the searched words again in a message on screen. Mirrors the core's snippet matching
// (core/search/snippet.ts, query.ts): the terms are the query's CJK runs and Latin words, compared in NFKC lower
// case; a Latin term matches whole words only, as the index does. The renderer cannot import the core, so the
// few lines are repeated here.

export interface TextSegment {
  text: string;
  match: boolean;
}

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3007]/u;
const CJK_RUNS = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc\u3005\u3007]+/gu;
const LATIN_WORDS = /[\p{L}\p{N}\p{Co}]+/gu;
const QUOTES = /["“”„「」『』]/gu;

const isCjk = (char: string | undefined) => char !== undefined && CJK_CHAR.test(char);
const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}\p{Co}]/u.test(char) && !isCjk(char);

/** The words of a query to highlight: each CJK run and each Latin word, lower-cased (quotes only group). */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  const text = query.normalize('NFKC').replace(QUOTES, ' ');
  let last = 0;
  const latin = (part: string) => terms.push(...(part.match(LATIN_WORDS) ?? []).map((word) => word.toLowerCase()));
  for (const run of text.matchAll(CJK_RUNS)) {
    latin(text.slice(last, run.index));
    terms.push(run[0]);
    last = run.index + run[0].length;
  }
  latin(text.slice(last));
  return [...new Set(terms)];
}

/** Code-unit ranges [start, end) of every occurrence of the terms in `text`, sorted and merged. */
export function termRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  if (!terms.length || !text) return [];
  // A comparable view (NFKC, lower case) with, for each of its code units, where it came from in `text`.
  let view = '';
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i)!);
    const folded = char.normalize('NFKC').toLowerCase();
    for (let k = 0; k < folded.length; k++) origin.push(i);
    view += folded;
    i += char.length;
  }
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    const latin = !isCjk(String.fromCodePoint(term.codePointAt(0)!));
    for (let at = view.indexOf(term); at !== -1; at = view.indexOf(term, at + 1)) {
      if (latin && (isWordChar(view[at - 1]) || isWordChar(view[at + term.length]))) continue;
      const last = origin[at + term.length - 1]!;
      ranges.push([origin[at]!, last + String.fromCodePoint(text.codePointAt(last)!).length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const previous = merged[merged.length - 1];
    if (previous && range[0] <= previous[1]) previous[1] = Math.max(previous[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

/** `text` cut into plain and matching segments (one plain segment when nothing matches). */
export function splitByTerms(text: string, terms: readonly string[]): TextSegment[] {
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const [from, to] of termRanges(text, terms)) {
    if (from > cursor) segments.push({ text: text.slice(cursor, from), match: false });
    segments.push({ text: text.slice(from, to), match: true });
    cursor = to;
  }
  if (cursor < text.length || segments.length === 0) segments.push({ text: text.slice(cursor), match: false });
  return segments;
}

// Snippets as safe segments ({text, match}), never HTML: the renderer decides how to show a match. The index is
// contentless, so matches are found again here in the original text, compared the way the index compares
// (NFKC, lower case) while keeping the original characters in the output.
import { isCjk } from './tokens';

export interface SnippetSegment {
  text: string;
  match: boolean;
}

export interface SnippetOptions {
  /** Longest snippet in characters (code points), ellipses not counted. */
  maxChars?: number;
  /** Characters of context kept before the first match. */
  before?: number;
}

const isWordChar = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}\p{Co}]/u.test(char) && !isCjk(char);

/** Code points of `text`, and a comparable (NFKC, lower-case) view with a map back to code point indices. */
function comparable(chars: readonly string[]): { view: string; origin: number[] } {
  let view = '';
  const origin: number[] = [];
  chars.forEach((char, index) => {
    const folded = char.normalize('NFKC').toLowerCase();
    for (let i = 0; i < folded.length; i++) origin.push(index);
    view += folded;
  });
  return { view, origin };
}

/** Where `term` occurs in `view` at or after `from` (-1 if nowhere); a Latin term only as a whole word. */
function findTerm(view: string, term: string, from: number): number {
  const latin = !isCjk(Array.from(term)[0]!);
  for (let at = view.indexOf(term, from); at !== -1; at = view.indexOf(term, at + 1)) {
    if (!latin || (!isWordChar(view[at - 1]) && !isWordChar(view[at + term.length]))) return at;
  }
  return -1;
}

/** How often each term occurs in `text` (compared as the index compares: NFKC, lower case). */
export function termCounts(text: string, terms: readonly string[]): number[] {
  const view = text.normalize('NFKC').toLowerCase();
  return terms.map((term) => {
    let count = 0;
    if (term) for (let at = findTerm(view, term, 0); at !== -1; at = findTerm(view, term, at + term.length)) count++;
    return count;
  });
}

/** Code-point ranges [start, end) of every occurrence of the terms; Latin words only as whole words. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const chars = Array.from(text);
  const { view, origin } = comparable(chars);
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    if (!term) continue;
    for (let at = findTerm(view, term, 0); at !== -1; at = findTerm(view, term, at + 1)) {
      ranges.push([origin[at]!, origin[at + term.length - 1]! + 1]);
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

/** A one-line excerpt around the first match, with every match in it marked. */
export function snippet(text: string, terms: readonly string[], options: SnippetOptions = {}): SnippetSegment[] {
  const maxChars = options.maxChars ?? 160;
  const before = options.before ?? 30;
  // One line: newlines and runs of spaces collapse (code point by code point, so ranges stay aligned).
  const chars = Array.from(text.replace(/\s+/gu, ' ').trim());
  const flat = chars.join('');
  const ranges = matchRanges(flat, terms);
  const first = ranges[0];
  let start = first ? Math.max(0, first[0] - before) : 0;
  const end = Math.min(chars.length, start + maxChars);
  start = Math.max(0, Math.min(start, end - maxChars));

  const segments: SnippetSegment[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && last.match === match) last.text += text;
    else segments.push({ text, match });
  };
  if (start > 0) push('…', false);
  let cursor = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end) continue;
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    push(chars.slice(cursor, a).join(''), false);
    push(chars.slice(a, b).join(''), true);
    cursor = b;
  }
  push(chars.slice(cursor, end).join(''), false);
  if (end < chars.length) push('…', false);
  return segments;
}

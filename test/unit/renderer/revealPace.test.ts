// Typechecked with the renderer (tsconfig.web.json).
// The size of each part of a long stored text that fills in frame by frame: aimed at ~20 ms of work from the recent
// rate, not thrown off by a part the renderer spent waiting for a CPU, and never more than MAX_PARTS parts in all.
import { describe, expect, it } from 'vitest';
import { FIRST_PART_CHARS, MAX_PARTS, RevealPace } from '../../../src/renderer/src/markdown/revealPace';

/** Fills in `length` characters; `msFor(chars, index)` is how long each part took. Returns the parts' sizes. */
function fillIn(length: number, msFor: (chars: number, index: number) => number): number[] {
  const pace = new RevealPace(length);
  const parts = [FIRST_PART_CHARS];
  let shown = FIRST_PART_CHARS;
  while (shown < length) {
    const part = pace.nextPart;
    parts.push(part);
    shown += part;
    pace.record(part, msFor(part, parts.length - 1));
  }
  return parts;
}

describe('RevealPace', () => {
  it('sizes parts for about 20 ms of work at the rate the text renders', () => {
    // 1 ms per 100 characters: ~2,000 characters a part once it has settled.
    const parts = fillIn(100_000, (chars) => chars / 100);
    expect(parts.slice(-5).every((part) => part >= 1900 && part <= 2100)).toBe(true);
  });

  it('grows at most twice a part', () => {
    const parts = fillIn(200_000, (chars) => chars / 10_000);
    for (let i = 1; i < parts.length; i++) expect(parts[i]).toBeLessThanOrEqual(2 * parts[i - 1]! + 1);
    expect(Math.max(...parts)).toBe(50_000);
  });

  it('does not shrink to the minimum after a part that waited for a CPU', () => {
    // Every fifth part was preempted and took 10× as long as its work.
    const parts = fillIn(60_000, (chars, i) => (chars / 100) * (i % 5 === 0 ? 10 : 1));
    const settled = parts.slice(4);
    expect(Math.min(...settled)).toBeGreaterThanOrEqual(1900);
  });

  it('follows text that renders more slowly (dense math) within a few parts', () => {
    // Prose at 1 ms per 1,000 characters (20,000 a part), then math at 1 ms per 400 (8,000 a part).
    let shown = FIRST_PART_CHARS;
    let firstMathPart = -1;
    const parts = fillIn(400_000, (chars, i) => {
      shown += chars;
      if (shown < 150_000) return chars / 1000;
      if (firstMathPart < 0) firstMathPart = i;
      return chars / 400;
    });
    expect(parts[firstMathPart - 1]).toBeGreaterThanOrEqual(19_000);
    // Until the prose rates have left the last four, parts stay prose-sized; then they are math-sized.
    expect(parts.slice(firstMathPart + 5, -1).every((part) => part >= 7900 && part <= 8100)).toBe(true);
  });

  it('ends within MAX_PARTS parts however slow the parts look', () => {
    const parts = fillIn(110_000, (chars) => chars);
    expect(parts.length).toBeLessThanOrEqual(MAX_PARTS + 1);
    expect(Math.min(...parts.slice(2))).toBe(Math.ceil(110_000 / MAX_PARTS));
  });

  it('a short text still goes in parts of at least 300 characters', () => {
    const parts = fillIn(5_000, (chars) => chars);
    expect(Math.min(...parts.slice(2))).toBe(300);
  });
});

// A reloaded list keeps the objects of unchanged items (memoized rows skip them) and takes the new ones of changed items.
import { describe, expect, it } from 'vitest';
import { keepUnchanged, sameValue } from '../../../src/renderer/src/state/keepUnchanged';

const item = (id: string, title: string, params: Record<string, unknown> = { temperature: 0.7 }) => ({ id, title, params, pinned: false, updatedAt: 1 });

describe('keepUnchanged', () => {
  it('keeps the previous object of each item equal by value, in the new order', () => {
    const previous = [item('a', 'A'), item('b', 'B'), item('c', 'C')];
    const next = [{ ...item('b', 'B'), updatedAt: 2 }, item('a', 'A'), item('c', 'C')];
    const merged = keepUnchanged(previous, next);
    expect(merged.map((c) => c.id)).toEqual(['b', 'a', 'c']);
    expect(merged[0]).toBe(next[0]);
    expect(merged[0]!.updatedAt).toBe(2);
    expect(merged[1]).toBe(previous[0]);
    expect(merged[2]).toBe(previous[2]);
  });

  it('takes the new object when a nested value changed, and new items as they come', () => {
    const previous = [item('a', 'A', { temperature: 0.7, stop: ['x'] })];
    const next = [item('a', 'A', { temperature: 0.7, stop: ['y'] }), item('d', 'D')];
    const merged = keepUnchanged(previous, next);
    expect(merged[0]).toBe(next[0]);
    expect(merged[1]).toBe(next[1]);
  });

  it('drops items that are gone and copes with no previous list', () => {
    expect(keepUnchanged([item('a', 'A')], [])).toEqual([]);
    const next = [item('a', 'A')];
    expect(keepUnchanged(null, next)).toEqual(next);
  });
});

describe('sameValue', () => {
  it('compares JSON-like values deeply', () => {
    expect(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameValue({ a: 1 }, { b: 1 })).toBe(false);
    expect(sameValue({ a: undefined }, {})).toBe(false);
    expect(sameValue([], {})).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue(Number.NaN, Number.NaN)).toBe(true);
  });
});

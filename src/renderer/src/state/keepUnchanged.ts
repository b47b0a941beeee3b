// A reloaded list keeps the objects of the items that did not change, so memoized rows skip them. The sidebar reloads
// the conversation list whenever one conversation changes (a turn moves it to the top); with every item a new object,
// all of its rows re-rendered at the start of each turn (~14 ms of 21 for 200 conversations), not just the one.

/** `next`, with each item that equals (by value) the previous item of the same id replaced by that previous object. */
export function keepUnchanged<T extends { id: string }>(previous: readonly T[] | null, next: readonly T[]): T[] {
  if (!previous?.length) return [...next];
  const byId = new Map(previous.map((item) => [item.id, item]));
  return next.map((item) => {
    const old = byId.get(item.id);
    return old !== undefined && sameValue(old, item) ? old : item;
  });
}

/** Deep equality of JSON-like values (what crosses IPC: no dates, maps or cycles). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/**
 * `stored` followed by the part of `live` it does not already end with. `live` holds the deltas received since
 * this page started listening; `stored` is what the store had persisted, which may already include their start.
 * Linear time (KMP failure function over `live` + separator + tail of `stored`).
 */
export function appendAfterOverlap(stored: string, live: string): string {
  if (!live) return stored;
  if (live.startsWith(stored)) return live;
  const tail = stored.slice(-live.length);
  const joined = `${live}\u0000${tail}`;
  const fail = new Array<number>(joined.length).fill(0);
  for (let i = 1; i < joined.length; i++) {
    let k = fail[i - 1]!;
    while (k > 0 && joined[i] !== joined[k]) k = fail[k - 1]!;
    if (joined[i] === joined[k]) k++;
    fail[i] = k;
  }
  const overlap = fail[joined.length - 1]!;
  return stored + live.slice(overlap);
}

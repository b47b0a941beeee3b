// The search's date filter: a few presets or a custom range of calendar days (local time, both days included).
export type DatePreset = 'any' | '7d' | '30d' | 'custom';
export const datePresets: DatePreset[] = ['any', '7d', '30d', 'custom'];

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` (an <input type=date> value) → local midnight, `plusDays` later (by date, so DST days are whole). */
function localMidnight(value: string, plusDays = 0): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + plusDays).getTime();
}

/** The search.query bounds: from inclusive, to exclusive; an empty or reversed custom range filters nothing. */
export function dateBounds(preset: DatePreset, custom: { from: string; to: string }, now = Date.now()): { from?: number; to?: number } {
  switch (preset) {
    case 'any':
      return {};
    case '7d':
      return { from: now - 7 * DAY_MS };
    case '30d':
      return { from: now - 30 * DAY_MS };
    case 'custom': {
      const from = localMidnight(custom.from);
      // The end day is included: the bound is the next midnight.
      const to = localMidnight(custom.to, 1);
      if (from !== undefined && to !== undefined && from >= to) return {};
      return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
    }
  }
}

// Small number formats for reply statistics.
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  return `${Math.floor(s / 60)}m ${Math.round(s % 60)}s`;
}

/** 元 with enough digits to show a fraction of a fen. */
export function formatYuan(yuan: number): string {
  if (yuan === 0) return '¥0';
  if (yuan < 0.01) return `¥${yuan.toPrecision(2)}`;
  return `¥${yuan.toFixed(yuan < 1 ? 4 : 2)}`;
}

// toLocaleString builds a new ICU formatter on every call (the first for a locale took ~8 ms, in the task that ends a
// streaming reply): one formatter per locale, kept.
const countFormats = new Map<string, Intl.NumberFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();

function cached<F>(formats: Map<string, F>, locale: string, create: () => F): F {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = create()));
  return format;
}

export function formatCount(n: number, locale: string): string {
  return cached(countFormats, locale, () => new Intl.NumberFormat(locale)).format(n);
}

export function formatTime(epochMs: number, locale: string): string {
  return cached(timeFormats, locale, () => new Intl.DateTimeFormat(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' })).format(epochMs);
}

// How much more of a long stored text to render in each frame while it fills in (see useRevealed in Markdown.tsx).
//
// Each part is sized from how fast the last parts rendered, aiming at TARGET_MS of work a frame. Wall time is what the
// page can measure, and on a busy machine a part's wall time includes time the renderer waited for a CPU: one
// preempted part looked 5-10× slower than its neighbours (a 300-character part took 5 ms, then 181 ms). Scaling the
// next part by the last one's time alone shrank the parts to the minimum after such a sample, and a 60,000-character
// reply then filled in over 200+ frames (over 15 s in CI, with two browsers on two cores). So the rate is the second best
// of the last few parts (waiting only ever makes a part look slower), and no text takes more than MAX_PARTS parts.

/** Characters rendered when the row mounts, before any part has been timed. */
export const FIRST_PART_CHARS = 1500;
const TARGET_MS = 20;
const MIN_PART_CHARS = 300;
const MAX_PART_CHARS = 50_000;
/** The fill-in ends within this many parts whatever the timings say. */
export const MAX_PARTS = 60;
/** Rates remembered: enough to outvote a preempted part or two, few enough to follow denser text (math, code) soon. */
const RATES_KEPT = 4;

export class RevealPace {
  private readonly rates: number[] = [];
  private part = FIRST_PART_CHARS;
  private readonly floor: number;

  constructor(textLength: number) {
    this.floor = Math.max(MIN_PART_CHARS, Math.ceil(textLength / MAX_PARTS));
  }

  /** Characters to add in the next frame. */
  get nextPart(): number {
    return this.part;
  }

  /** The last part, `chars` long, took `ms` from being asked for to being committed. */
  record(chars: number, ms: number): void {
    this.rates.push(chars / Math.max(1, ms));
    if (this.rates.length > RATES_KEPT) this.rates.shift();
    // The second best: a preempted part only looks slower, and one part that happened to be cheap (a run of short
    // lines) does not size the next alone.
    const sorted = [...this.rates].sort((a, b) => b - a);
    const aimed = sorted[Math.min(1, sorted.length - 1)]! * TARGET_MS;
    // Grow at most 2× a frame: the best recent rate was measured on parts this size, not on much larger ones.
    this.part = Math.round(Math.min(MAX_PART_CHARS, 2 * this.part, Math.max(this.floor, aimed)));
  }
}

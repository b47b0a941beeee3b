// Typechecked with the renderer (tsconfig.web.json).
// The pacing of a streaming reply's updates: every frame while they are cheap; spaced out when one update costs
// much of a frame, so the main thread stays idle at least half the time; never more than MAX_GAP_MS apart.
import { describe, expect, it } from 'vitest';
import { MAX_DUTY, MAX_GAP_MS, pacedFrames, type FrameClock } from '../../../src/renderer/src/state/framePacer';

const FRAME_MS = 1000 / 60;

/** A 60 Hz display: frame callbacks run at each vsync; a flush's rendering ends `costMs` after its frame began. */
function simulate(costMs: (flushIndex: number) => number, durationMs: number): number[] {
  let now = 0;
  let frameCallbacks: Array<() => void> = [];
  let afterRender: Array<() => void> = [];
  const clock: FrameClock = {
    now: () => now,
    frame: (callback) => void frameCallbacks.push(callback),
    afterRender: (callback) => void afterRender.push(callback),
  };
  const schedule = pacedFrames(clock);
  const flushes: number[] = [];
  let pending = false;
  const flush = () => {
    pending = false;
    flushes.push(now);
  };
  for (let vsync = 0; vsync < durationMs; vsync += FRAME_MS) {
    // A frame cannot start while the main thread is still busy with the last one.
    if (vsync < now) continue;
    // Deltas keep arriving between frames (a reply streaming at 200 tokens/s).
    if (!pending) {
      pending = true;
      schedule(flush);
    }
    now = vsync;
    const callbacks = frameCallbacks;
    frameCallbacks = [];
    const before = flushes.length;
    for (const callback of callbacks) callback();
    // The frame's work: the flush's render, style, layout and paint, then the task that measures it.
    if (flushes.length > before) now += costMs(flushes.length - 1);
    const measure = afterRender;
    afterRender = [];
    for (const callback of measure) callback();
  }
  return flushes;
}

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('pacedFrames', () => {
  it('updates on every frame while an update is cheap', () => {
    const flushes = simulate(() => 3, 1000);
    expect(flushes.length).toBeGreaterThanOrEqual(59);
    expect(Math.max(...gaps(flushes))).toBeCloseTo(FRAME_MS, 5);
  });

  it('spaces costly updates so that the main thread is idle at least half the time', () => {
    const cost = 12;
    const flushes = simulate(() => cost, 2000);
    // 12 ms of work every other frame (33 ms): 36% busy, and never two busy frames in a row.
    for (const gap of gaps(flushes)) expect(gap).toBeGreaterThanOrEqual(cost / MAX_DUTY - FRAME_MS / 2);
    expect(Math.min(...gaps(flushes))).toBeCloseTo(2 * FRAME_MS, 5);
    expect((flushes.length * cost) / 2000).toBeLessThanOrEqual(MAX_DUTY);
    expect(flushes.length).toBeGreaterThan(50);
  });

  it('follows the cost as it changes, and never waits more than MAX_GAP_MS', () => {
    // A reply whose updates get dearer, then one very slow frame (a long pause), then cheap again.
    const flushes = simulate((i) => (i === 20 ? 400 : i < 20 ? 2 + i : 3), 3000);
    const slowAt = flushes[20]!;
    const afterSlow = flushes.find((t) => t > slowAt)!;
    // The slow frame itself ends at +400 ms; the next update follows on the first frame after it and after the cap.
    expect(afterSlow - slowAt).toBeGreaterThanOrEqual(400);
    expect(afterSlow - slowAt).toBeLessThanOrEqual(400 + FRAME_MS);
    for (const gap of gaps(flushes)) expect(gap).toBeLessThanOrEqual(Math.max(MAX_GAP_MS, 400) + FRAME_MS);
    // Cheap again: every frame.
    expect(gaps(flushes.slice(-10)).every((gap) => Math.abs(gap - FRAME_MS) < 1e-6)).toBe(true);
  });

  it('returns a truthy token, so LiveReplies schedules one flush per batch of deltas', () => {
    const schedule = pacedFrames({ now: () => 0, frame: () => {}, afterRender: () => {} });
    expect(schedule(() => {})).toBe(true);
  });
});

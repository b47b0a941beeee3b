// When to apply a streaming reply's queued deltas. Normally on the next animation frame. But each application
// re-renders the reply's growing end, then styles, lays out and paints it; for a very long reply on a slow machine
// that can take most of a frame, every frame, which leaves the main thread no idle time: input waits, and V8 has
// to finish its garbage collection inside a frame's work instead of between frames (a frame of 20 ms plus a
// 20 ms collection). So the next application waits until the main thread has been idle for a share of the time:
// with MAX_DUTY = 0.5, an update that took 12 ms is followed by one 24 ms later (every other frame at 60 Hz),
// one that took 3 ms by one on the next frame. The reply still grows many times a second.

export interface FrameClock {
  now(): number;
  /** Runs `callback` before the next frame is rendered (requestAnimationFrame). */
  frame(callback: () => void): void;
  /** Runs `callback` in a task after the current frame has been rendered (a MessageChannel message). */
  afterRender(callback: () => void): void;
}

/** Share of the time updates may keep the main thread busy. */
export const MAX_DUTY = 0.5;
/** Updates never wait longer than this after the previous one, however long it took. */
export const MAX_GAP_MS = 100;

/**
 * A scheduler for LiveReplies: `schedule(flush)` runs `flush` on the first animation frame at which the previous
 * flush's cost (from its frame's start to the end of that frame's rendering) is paid back by idle time.
 */
export function pacedFrames(clock: FrameClock): (flush: () => void) => true {
  let earliest = -Infinity;
  return (flush) => {
    const onFrame = () => {
      const start = clock.now();
      // A millisecond of slack for the jitter of frame starts; any more would let a costly update run every frame.
      if (start < earliest - 1) {
        clock.frame(onFrame);
        return;
      }
      flush();
      clock.afterRender(() => {
        const cost = clock.now() - start;
        earliest = start + Math.min(MAX_GAP_MS, cost / MAX_DUTY);
      });
    };
    clock.frame(onFrame);
    return true;
  };
}

/** The browser's clock: requestAnimationFrame, and a MessageChannel task that runs after the frame is rendered. */
export function browserFrameClock(): FrameClock {
  const channel = new MessageChannel();
  const queued: Array<() => void> = [];
  channel.port1.onmessage = () => queued.shift()?.();
  return {
    now: () => performance.now(),
    frame: (callback) => void requestAnimationFrame(() => callback()),
    afterRender: (callback) => {
      queued.push(callback);
      channel.port2.postMessage(null);
    },
  };
}

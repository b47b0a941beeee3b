// Long main-process work (an export, a search over a common word) runs in time slices: between slices the event
// loop turns, so streaming replies and IPC never wait on it for more than a slice.

export interface Stepper {
  /** Yields to the event loop when the current slice has run long enough. */
  maybeYield(): Promise<void>;
}

export function timeSliceStepper(sliceMs = 4): Stepper {
  let sliceStart = performance.now();
  return {
    async maybeYield() {
      if (performance.now() - sliceStart < sliceMs) return;
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    },
  };
}

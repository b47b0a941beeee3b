// Leading- and trailing-edge throttle: the first call runs at once (the first token reaches the faces and the
// disk without waiting), later calls within the interval collapse into one run at the interval's end.
export class Throttle {
  private lastRunAt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly run: () => void,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = this.intervalMs - (performance.now() - this.lastRunAt);
    if (wait <= 0) this.fire();
    else this.timer = setTimeout(() => this.fire(), wait);
  }

  /** Runs once more, keeping the cadence (waits out the rest of the interval if needed). */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const wait = this.intervalMs - (performance.now() - this.lastRunAt);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.fire();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    this.lastRunAt = performance.now();
    this.run();
  }
}

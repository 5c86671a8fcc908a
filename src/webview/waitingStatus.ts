/**
 * "Run 2 sent… 14 s (times out after 60 s)": while a run waits for its answer the status counts the
 * seconds, so an endpoint that hangs is told from one that is merely slow.
 */
export class WaitingStatus {
  /** Runs in flight: index → when they were sent (ms, the page's clock). */
  private readonly inFlight = new Map<number, number>();
  private timeoutMs: number | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly show: (text: string) => void) {}

  started(index: number, timeoutMs: number | undefined): void {
    this.inFlight.set(index, Date.now());
    this.timeoutMs = timeoutMs;
    this.timer ??= setInterval(() => this.update(), 1000);
    this.update();
  }

  finished(index: number): void {
    this.inFlight.delete(index);
    if (this.inFlight.size === 0) this.stop();
    else this.update();
  }

  /** The session ended or is waiting to retry: nothing to count. */
  stop(): void {
    this.inFlight.clear();
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The run waiting longest is the one a hang shows in. */
  private update(): void {
    const oldest = [...this.inFlight].sort((a, b) => a[1] - b[1])[0];
    if (!oldest) return;
    const [index, since] = oldest;
    const seconds = Math.floor((Date.now() - since) / 1000);
    const limit = this.timeoutMs ? ` (times out after ${Math.round(this.timeoutMs / 1000)} s)` : '';
    this.show(`Run ${index + 1} sent… ${seconds} s${limit}`);
  }
}

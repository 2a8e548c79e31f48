/** What a live frame gets back: its top classes, or 'skipped' when a newer frame took its place. */
export type LiveOutcome<R> = { status: 'done'; result: R } | { status: 'skipped' };

interface Waiting<F, R> {
  frame: F;
  resolve: (outcome: LiveOutcome<R>) => void;
  reject: (reason: unknown) => void;
}

/**
 * Live prediction's one slot: at most one frame is inferred at a time and at most one waits; a newer
 * frame replaces the waiting one (which answers 'skipped' and is released), so frames are dropped,
 * never queued. `runNow` says whether the waiting frame may run at once (no training step to wait
 * for); otherwise the trainer calls `runOne` between its steps, so a step waits for one inference at most.
 */
export class LiveFrames<F, R> {
  private waiting: Waiting<F, R> | null = null;
  private busy = false;

  constructor(
    private readonly infer: (frame: F) => Promise<R>,
    private readonly release: (frame: F) => void,
    private readonly runNow: () => boolean,
  ) {}

  submit(frame: F): Promise<LiveOutcome<R>> {
    const replaced = this.waiting;
    const answer = new Promise<LiveOutcome<R>>((resolve, reject) => { this.waiting = { frame, resolve, reject }; });
    if (replaced) {
      this.release(replaced.frame);
      replaced.resolve({ status: 'skipped' });
    }
    if (this.runNow()) void this.runOne();
    return answer;
  }

  /** Infers the waiting frame, if any and none is being inferred; then the next one if it may run at once. */
  async runOne(): Promise<void> {
    const job = this.waiting;
    if (!job || this.busy) return;
    this.waiting = null;
    this.busy = true;
    try {
      job.resolve({ status: 'done', result: await this.infer(job.frame) });
    } catch (error) {
      job.reject(error);
    } finally {
      this.release(job.frame);
      this.busy = false;
    }
    if (this.waiting && this.runNow()) void this.runOne();
  }
}

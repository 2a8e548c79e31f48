/**
 * A bound on bytes in flight: work reserves its size before it allocates and releases it when done;
 * a reservation that would pass the limit waits, except when nothing else holds any (so one entry
 * larger than the limit still runs, alone).
 */
export class ByteBudget {
  private used = 0;
  private waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async reserve(bytes: number): Promise<() => void> {
    while (this.used > 0 && this.used + bytes > this.limit) await new Promise<void>((wake) => this.waiting.push(wake));
    this.used += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.used -= bytes;
      // Everyone waiting checks again, in the order they came: the first that fits goes on.
      this.waiting.splice(0).forEach((wake) => wake());
    };
  }
}

// Keeps performance runs away from other browser work. Lighthouse scores drop when another page
// competes for the CPU, so a perf run takes the browser exclusively; page work (axe, responsive)
// shares it. Writers are preferred: once a perf run waits, new page work queues behind it.

type Waiter = { exclusive: boolean; go: () => void };

export class BrowserScheduler {
  private shared = 0;
  private exclusiveHeld = false;
  private readonly queue: Waiter[] = [];

  /** Run page work; many may run at once, never alongside an exclusive run. */
  runShared<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(false, fn);
  }

  /** Run alone: waits for shared work to finish and holds new work back. */
  runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.run(true, fn);
  }

  get busy(): { shared: number; exclusive: boolean; waiting: number } {
    return { shared: this.shared, exclusive: this.exclusiveHeld, waiting: this.queue.length };
  }

  private async run<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await fn();
    } finally {
      this.release(exclusive);
    }
  }

  private canEnter(exclusive: boolean): boolean {
    if (this.exclusiveHeld) return false;
    return exclusive ? this.shared === 0 : true;
  }

  private acquire(exclusive: boolean): Promise<void> {
    if (this.queue.length === 0 && this.canEnter(exclusive)) {
      this.take(exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ exclusive, go: resolve }));
  }

  private take(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = true;
    else this.shared++;
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusiveHeld = false;
    else this.shared--;
    // Admit waiters in order while they fit: a run of shared ones, or one exclusive.
    while (this.queue.length > 0 && this.canEnter(this.queue[0].exclusive)) {
      const w = this.queue.shift()!;
      this.take(w.exclusive);
      w.go();
    }
  }
}

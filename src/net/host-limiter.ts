// At most N requests in flight per host across the whole process: link checks of several agencies
// that all link to the same outside site (a ministry, the president's portal) share one limit, as
// the crawl keeps two per host.
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly perHost: number) {}

  async run<T>(host: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    while ((this.active.get(host) ?? 0) >= this.perHost) {
      await new Promise<void>((resolve) => {
        const list = this.waiting.get(host) ?? [];
        list.push(resolve);
        this.waiting.set(host, list);
      });
      signal?.throwIfAborted();
    }
    this.active.set(host, (this.active.get(host) ?? 0) + 1);
    try {
      return await fn();
    } finally {
      const n = (this.active.get(host) ?? 1) - 1;
      if (n) this.active.set(host, n);
      else this.active.delete(host);
      const list = this.waiting.get(host);
      const next = list?.shift();
      if (list && !list.length) this.waiting.delete(host);
      next?.();
    }
  }
}

/** Link checks in this process: two requests per host at a time, the crawl's own per-host limit. */
export const linkCheckHosts = new HostLimiter(2);

// A one-line progress bar on a terminal (done/total, failures, ETA); silent when not a TTY.
export class Progress {
  private done = 0;
  private failed = 0;
  private readonly started = Date.now();
  private lastDraw = 0;
  private readonly enabled: boolean;

  constructor(
    private total: number,
    private readonly label: string,
    enabled = !!process.stderr.isTTY,
  ) {
    this.enabled = enabled;
  }

  tick(failed = false): void {
    this.done++;
    if (failed) this.failed++;
    this.draw();
  }

  draw(force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < 150 && this.done < this.total) return;
    this.lastDraw = now;
    const width = 24;
    const ratio = this.total ? this.done / this.total : 1;
    const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
    const elapsed = (now - this.started) / 1000;
    const eta = this.done ? Math.round((elapsed / this.done) * (this.total - this.done)) : 0;
    const line = `${this.label} ${bar} ${this.done}/${this.total}  failed ${this.failed}  ETA ${fmt(eta)}`;
    process.stderr.write(`\r\x1b[2K${line}`);
  }

  finish(): void {
    if (!this.enabled) return;
    this.draw(true);
    process.stderr.write('\n');
  }
}

function fmt(s: number): string {
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${s % 60}s`
      : `${s}s`;
}

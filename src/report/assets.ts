// Copies evidence files (screenshots, Lighthouse and axe JSON) from the run directory into the
// report folder, so the folder can be zipped and sent as it is. Paths come from the store and are
// confined to the run directory.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { relativeHref } from './safe-html.ts';

const IMAGE = /\.(png|jpe?g|webp|gif)$/i;

export class EvidenceFiles {
  /** Files copied, as paths relative to the report folder. */
  readonly copied = new Set<string>();
  private readonly runDir: string | null;
  private readonly outDir: string;

  constructor(runDir: string | null | undefined, outDir: string) {
    this.runDir = runDir ? resolve(runDir) : null;
    this.outDir = resolve(outDir);
  }

  /**
   * Copies `path` (relative to the run directory) into <report>/evidence/ and returns its href
   * relative to a page in `fromDir` (relative to the report folder), or null when it cannot be shipped.
   */
  link(path: string | undefined, fromDir = ''): string | null {
    if (!path || !this.runDir) return null;
    const src = resolve(this.runDir, path);
    if (src !== this.runDir && !src.startsWith(this.runDir + sep)) return null;
    if (!existsSync(src) || !statSync(src).isFile()) return null;
    const fromRun = relative(this.runDir, src);
    const rel = fromRun.split(sep)[0] === 'evidence' ? fromRun : join('evidence', fromRun);
    if (!this.copied.has(rel)) {
      const dest = join(this.outDir, rel);
      mkdirSync(dirname(dest), { recursive: true });
      copyFileSync(src, dest);
      this.copied.add(rel);
    }
    return relativeHref(relative(join(this.outDir, fromDir), join(this.outDir, rel)).split(sep).join('/'));
  }

  static isImage(path: string | undefined): boolean {
    return !!path && IMAGE.test(path);
  }
}

// Versions named in every HTTP measurement, so a figure can be traced to the code that made it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PAYESH_VERSION } from '../../net/options.ts';

function packageVersion(name: string): string {
  try {
    // Walk up from the package entry point: undici does not export its package.json.
    let dir = dirname(createRequire(import.meta.url).resolve(name));
    for (let i = 0; i < 4; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // no package.json at this level
      }
      dir = dirname(dir);
    }
  } catch {
    // not resolvable
  }
  return 'unknown';
}

export const UNDICI_VERSION = packageVersion('undici');
export const HTTP_TOOL_VERSION = `payesh-http/${PAYESH_VERSION} undici/${UNDICI_VERSION}`;

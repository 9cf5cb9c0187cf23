// Versions recorded with every measurement, so a score can be traced to the tool that measured it.

export const PAYESH_VERSION = '0.1.0';

/** "name/version" words separated by spaces, e.g. "lighthouse/12.2.3 chromium/131". */
export type ToolVersion = string;

export function toolVersion(...parts: [name: string, version: string | undefined][]): ToolVersion {
  return parts.map(([n, v]) => `${n}/${v ?? 'unknown'}`).join(' ');
}

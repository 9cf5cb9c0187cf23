// The HTTP probe for the probe registry: registerProbeFactory('http', createHttpProbe).
import type { ProbeSettings } from '../registry.ts';
import type { Probe } from '../types.ts';
import { httpProbe } from './probe.ts';

export {
  httpProbe,
  httpMeasurement,
  judgeFetch,
  detectCharset,
  isStandardDomain,
  type HttpValues,
} from './probe.ts';
export { HTTP_TOOL_VERSION } from './version.ts';

export async function createHttpProbe(_s: ProbeSettings): Promise<Probe> {
  return httpProbe;
}

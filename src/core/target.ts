// What a probe is asked to look at: an agency's portal home, one of its service pages, or a host.

export type TargetKind = 'portal' | 'service' | 'host';

export interface Target {
  id?: number;
  runId?: string;
  agencyId: string;
  serviceId?: string | null;
  kind: TargetKind;
  url: string;
  /** host[:port] the target lives on, used for per-host politeness and host-level probes. */
  host: string;
}

// The validated agency list model every other module uses.

export type ServiceType = 'G2C' | 'G2B' | 'G2G';

export interface Service {
  /** 10-digit service ID (شناسه خدمت), ASCII digits. */
  id: string;
  title: string;
  url: string;
  type: ServiceType;
}

export interface Agency {
  id: string;
  nameFa: string;
  nameEn?: string;
  parent?: string;
  /** Normalised absolute URL (scheme added, host lower-cased, IDN as punycode). */
  portalUrl: string;
  services: Service[];
}

/** One problem found in an agency list; every problem is reported, not just the first. */
export interface ListProblem {
  file: string;
  /** CSV: 1-based line number; JSON/YAML: a path such as agencies[2].services[0].id */
  where: string;
  field: string;
  message: string;
  /** 1-based line in the file when known (CSV always; JSON/YAML when the path can be located). */
  line?: number;
}

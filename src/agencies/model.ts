// The validated agency list model every other module uses.

export type ServiceType = 'G2C' | 'G2B' | 'G2G';

export interface Service {
  /** 10-digit service ID (شناسه خدمت), ASCII digits. */
  id: string;
  title: string;
  url: string;
  type: ServiceType;
  /** Marked as a main service of the agency in the list (column `main`); see mainServices. */
  main?: true;
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

/**
 * The agency's main services: those marked `main` in the list, else its first listed service. The
 * official period-7 method measured speed on the main service page and TLS on the main service site.
 */
export function mainServices(a: Pick<Agency, 'services'>): Service[] {
  const marked = a.services.filter((s) => s.main);
  return marked.length ? marked : a.services.slice(0, 1);
}

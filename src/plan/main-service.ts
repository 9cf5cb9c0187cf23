// The agency's main service page: the one period 7 measured speed and TLS on (national report of
// the 7th period, annex T). The agency list may mark it (`main`); otherwise the first listed service.
import type { Agency, Service } from '../agencies/model.ts';

export function mainServiceOf(agency: Agency): Service | undefined {
  return agency.services.find((s) => (s as Service & { main?: boolean }).main === true) ?? agency.services[0];
}

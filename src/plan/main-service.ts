// The agency's main service pages: the ones period 7 measured speed and TLS on (national report of
// the 7th period, annex T). The agency list marks them (`main`); otherwise the first listed service.
import { mainServices, type Agency, type Service } from '../agencies/model.ts';

export function mainServicesOf(agency: Agency): Service[] {
  return mainServices(agency);
}

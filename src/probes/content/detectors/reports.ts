// Performance reports (ARO 1400 item 7): business information, annual spending, contracts, licences.
import { presenceDetector } from './presence.ts';

export const reports = presenceDetector({
  id: 'reports',
  topic: 'reports',
  fact: 'reports.performance',
  label: 'performance report',
});

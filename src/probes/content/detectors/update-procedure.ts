// Published site-update procedure (ARO 1397 gauge 4).
import { presenceDetector } from './presence.ts';

export const updateProcedure = presenceDetector({
  id: 'updateProcedure',
  topic: 'updateProcedure',
  fact: 'updateProcedure.found',
  label: 'update procedure',
});

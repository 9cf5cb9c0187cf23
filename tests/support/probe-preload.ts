// Loaded with `node --import` into payesh processes started by tests: makes sure the cheap HTTP probe
// is registered even in a build whose probe registry does not list it yet.
import { registerProbeFactory, selectedProbeIds } from '../../src/probes/registry.ts';

if (!selectedProbeIds({}).includes('http'))
  registerProbeFactory('http', async () => (await import('../../src/probes/http/probe.ts')).httpProbe);

// What the chosen checklist needs measured: the probes whose facts its indicators read, on the
// pages its `measure:` section names (period 7: speed, TLS, accessibility and responsiveness on the
// portal and the main service page; content on everything crawled). --all-pages measures everything.
import type { Agency } from '../agencies/model.ts';
import type { Target } from '../core/index.ts';
import { mainTargetIds, type MeasurePlan } from '../plan/plan.ts';
import type { AnyProbeDefinition } from '../probes/registry.ts';
import type { Checklist } from '../score/types.ts';

/** Every fact name an indicator of the checklist reads (conditions, read rules, requirements). */
export function factsRead(checklist: Checklist): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.fact === 'string') out.add(o.fact);
      for (const [k, x] of Object.entries(o)) {
        if (k === 'facts' && x && typeof x === 'object' && !Array.isArray(x))
          for (const name of Object.keys(x)) out.add(name);
        walk(x);
      }
    }
  };
  walk(checklist.indicators);
  return out;
}

export function measurePlan(
  checklist: Checklist,
  definitions: readonly AnyProbeDefinition[],
  targets: Target[],
  agencies: Agency[],
): MeasurePlan {
  const read = factsRead(checklist);
  return {
    scopes: checklist.measure ?? {},
    mainTargets: mainTargetIds(targets, agencies),
    unread: new Set(definitions.filter((d) => !d.facts.some((f) => read.has(f.name))).map((d) => d.id)),
  };
}

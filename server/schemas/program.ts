// Programs and targeting: the catalogue, coverage gaps and leakage by area, target lists (masked), and the
// analyses (where to put k sites, what a changed rule would do), which answer with counts, never people.
import { Type } from '@sinclair/typebox';
import { ANALYSIS_LIMITS } from '../domain/analysis-limits.ts';
import { CodeField, Nullable, PeriodCode, ProgramCode } from './common.ts';

/** GET /programs: one program and its stored eligibility rule. */
export const Program = Type.Object({
  code: Type.String(),
  name: Type.String(),
  opd: Type.String(),
  unit: CodeField('programUnit'),
  funding: CodeField('funding'),
  rule: Type.Unknown({ description: 'eligibility rule (JSON rule language, docs/rules.md)' }),
  description: Nullable(Type.String()),
  version: Type.Integer(),
});

/** One area's coverage of a program. */
export const Coverage = Type.Object({
  code: Type.String(),
  households: Type.Integer(),
  eligible: Type.Integer(),
  enrolled: Type.Integer(),
  eligibleEnrolled: Type.Integer(),
  gap: Type.Integer({ description: 'eligible, not enrolled' }),
  gapShare: Nullable(Type.Number(), { description: 'gap / eligible; null without eligible households' }),
  leakage: Type.Integer({ description: 'enrolled, not eligible' }),
});
export const CoverageAnswer = Type.Object({
  program: Type.String(),
  period: Type.String(),
  areas: Type.Array(Coverage),
});

/** A target list row as it leaves the server: KK masked, no NIK, no coordinates. */
export const Target = Type.Object({
  id: Type.String(),
  kk: Type.String({ description: 'masked' }),
  head: Nullable(Type.String()),
  address: Nullable(Type.String()),
  rt: Nullable(Type.Integer()),
  rw: Nullable(Type.Integer()),
  kelurahanCode: Type.String(),
  kelurahan: Type.String(),
  desil: Nullable(Type.Integer()),
  members: Type.Integer(),
});
export const TargetSort = Type.Union([Type.Literal('priority'), Type.Literal('area')], {
  description: 'priority: lowest desil first, then larger households; area: kelurahan, RW, RT, address',
});
export const TargetList = Type.Object({
  program: Type.String(),
  period: Type.String(),
  area: Type.String({ description: 'the kelurahan, kecamatan or (no area asked) the region listed' }),
  total: Type.Integer({ description: 'eligible, not enrolled households in the area (all pages)' }),
  offset: Type.Integer(),
  sort: TargetSort,
  truncated: Type.Boolean({ description: 'more rows follow this answer (the next page, or past the limit)' }),
  targets: Type.Array(Target),
});

/** POST /analysis/sites. */
export const SitesBody = Type.Object(
  {
    program: ProgramCode,
    period: Type.Optional(PeriodCode),
    k: Type.Integer({
      minimum: 1,
      maximum: ANALYSIS_LIMITS.maxSites,
      description: 'number of sites to choose',
    }),
    radius: Type.Integer({
      minimum: ANALYSIS_LIMITS.minRadius,
      maximum: ANALYSIS_LIMITS.maxRadius,
      description: 'reach of a site in metres',
    }),
    candidates: Type.Union([Type.Literal('grid'), Type.Literal('kelurahan'), Type.Literal('points')], {
      default: 'grid',
      description:
        'grid: cells of radius size holding unmet households; kelurahan: a point inside each kelurahan; points: your list',
    }),
    points: Type.Optional(
      Type.Array(
        Type.Object(
          {
            lon: Type.Number({ minimum: -180, maximum: 180 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            label: Type.Optional(Type.String({ maxLength: 120 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: ANALYSIS_LIMITS.maxCandidates },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Site = Type.Object({
  rank: Type.Integer(),
  lon: Type.Number(),
  lat: Type.Number(),
  kelurahan: Nullable(Type.String()),
  label: Nullable(Type.String()),
  marginal: Type.Integer({ description: 'unmet households this site adds to those before it' }),
  reach: Type.Integer({ description: 'unmet households within the radius' }),
  cumulative: Type.Integer(),
});
export const SitesAnswer = Type.Object({
  program: Type.String(),
  period: Type.String(),
  radius: Type.Integer(),
  candidates: Type.Object({ kind: Type.String(), count: Type.Integer() }),
  demand: Type.Integer({ description: 'located unmet households' }),
  covered: Type.Integer(),
  coveredShare: Nullable(Type.Number()),
  sites: Type.Array(Site),
});

/** POST /analysis/what-if: the rule is checked by the rule language's own validator (domain/eligibility-rule). */
export const WhatIfBody = Type.Object(
  { program: ProgramCode, period: Type.Optional(PeriodCode), rule: Type.Unknown() },
  { additionalProperties: false },
);
const Change = {
  current: Type.Integer(),
  proposed: Type.Integer(),
  gained: Type.Integer(),
  lost: Type.Integer(),
  lostEnrolled: Type.Integer({ description: 'lost households that are enrolled today' }),
};
export const WhatIfAnswer = Type.Object({
  program: Type.String(),
  period: Type.String(),
  currentRule: Type.Unknown(),
  proposedRule: Type.Unknown(),
  total: Type.Object(Change),
  areas: Type.Array(Type.Object({ code: Type.String(), ...Change })),
});

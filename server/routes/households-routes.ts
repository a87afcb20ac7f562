// Household records: person-level reads, scoped to the caller, masked by default and audit-logged.
// Unmasked NIK/KK need a role allowed to see them and a stated reason, which is logged.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { rowScope } from '../auth/roles.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { HouseholdsRepository, type HouseholdBase } from '../repositories/households-repository.ts';

/** Search answers at most this many households: a lookup, not a way to list the registry. */
const SEARCH_LIMIT = 20;

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** Fields every household answer carries (KK masked). */
const HouseholdBase = {
  id: Type.String(),
  kk: Type.String({ description: 'masked: region code and serial only' }),
  kelurahanCode: Type.String(),
  kelurahan: Type.String(),
  rt: Type.Union([Type.Number(), Type.Null()]),
  rw: Type.Union([Type.Number(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  desil: Type.Union([Type.Number(), Type.Null()]),
  status: Type.String(),
};

/** The masked answer shape from a household row. */
function householdBase(h: HouseholdBase) {
  return {
    id: h.id,
    kk: maskId(h.kk),
    kelurahanCode: h.kelurahan_code,
    kelurahan: h.kelurahan,
    rt: h.rt,
    rw: h.rw,
    address: h.address,
    desil: h.desil,
    status: h.status,
  };
}

const Household = Type.Object({
  ...HouseholdBase,
  period: Type.String(),
  verificationStatus: Type.String(),
  verifiedOn: Type.Union([Type.String(), Type.Null()]),
  locationCheck: Type.String(),
  version: Type.Number(),
  members: Type.Array(
    Type.Object({
      id: Type.String(),
      nik: Type.Union([Type.String(), Type.Null()], { description: 'masked' }),
      nikValid: Type.Boolean(),
      name: Type.String(),
      sex: Type.String(),
      birthDate: Type.String(),
      relation: Type.String(),
      status: Type.String(),
      disabilities: Type.Array(Type.Object({ type: Type.String(), severity: Type.String() })),
    }),
  ),
});

const householdsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const regionCode = app.config.regionCode;

  async function load(id: string, period: string | undefined, scope: ReturnType<typeof rowScope>) {
    const periodCode = period ?? (await repo.latestPeriod(regionCode));
    const household = periodCode ? await repo.find(regionCode, periodCode, id, scope) : undefined;
    // The same answer whether the record does not exist or is outside the caller's scope.
    if (!household || !periodCode)
      throw period
        ? notFoundT('notFound.householdInPeriod', { id, period })
        : notFoundT('notFound.householdToSee', { id });
    return { household, members: await repo.members(regionCode, periodCode, id), periodCode };
  }

  app.get(
    '/api/v1/households',
    {
      schema: {
        tags: ['households'],
        summary:
          'Search households by exact KK or NIK (16 digits) or ≥ 3 characters of a name or address; audit-logged',
        querystring: Type.Object(
          {
            q: Type.String({
              minLength: 3,
              maxLength: 100,
              description: 'KK or NIK (16 digits), or part of a name or address',
            }),
            period: Type.Optional(PeriodCode),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            period: Type.String(),
            truncated: Type.Boolean(),
            households: Type.Array(
              Type.Object({
                ...HouseholdBase,
                head: Type.Union([Type.String(), Type.Null()]),
                members: Type.Integer(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const q = request.query.q.trim();
      if (/^[0-9]+$/.test(q) && q.length !== 16) {
        throw badRequestT('search.numericWhole');
      }
      if (q.length < 3) throw badRequestT('search.tooShort');
      const periodCode = request.query.period ?? (await repo.latestPeriod(regionCode));
      if (!periodCode) throw notFoundT('notFound.noPeriod');
      const hits = await repo.search(regionCode, periodCode, q, rowScope(request.user!), SEARCH_LIMIT + 1);
      const shown = hits.slice(0, SEARCH_LIMIT);
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'household_search',
        entityIds: shown.map((h) => h.id),
        periodCode,
        // The query itself may be an identifier: keep it masked in the log too.
        changes: { q: /^[0-9]{16}$/.test(q) ? maskId(q) : q, results: shown.length },
      });
      return {
        period: periodCode,
        truncated: hits.length > SEARCH_LIMIT,
        households: shown.map((h) => ({ ...householdBase(h), head: h.head, members: h.members })),
      };
    },
  );

  app.get(
    '/api/v1/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'One household with its members; NIK and KK masked; the read is audit-logged',
        params: Params,
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: { 200: Household },
      },
    },
    async (request) => {
      const {
        household: h,
        members,
        periodCode,
      } = await load(request.params.id, request.query.period, rowScope(request.user!));
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'household',
        entityIds: [h.id, ...members.map((m) => m.id)],
        periodCode,
      });
      return {
        ...householdBase(h),
        period: h.period_code,
        verificationStatus: h.verification_status,
        verifiedOn: h.verified_on,
        locationCheck: h.location_check,
        version: h.version,
        members: members.map((m) => ({
          id: m.id,
          nik: m.nik === null ? null : maskId(m.nik),
          nikValid: m.nik_valid,
          name: m.name,
          sex: m.sex,
          birthDate: m.birth_date,
          relation: m.relation,
          status: m.status,
          disabilities: m.disabilities,
        })),
      };
    },
  );

  app.get(
    '/api/v1/households/:id/identifiers',
    {
      schema: {
        tags: ['households'],
        summary: 'Unmasked KK and NIKs of one household, for a stated reason (logged)',
        params: Params,
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            reason: Type.String({
              minLength: 10,
              maxLength: 500,
              description: 'why the identifiers are needed (logged)',
            }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            kk: Type.String(),
            members: Type.Array(
              Type.Object({ id: Type.String(), nik: Type.Union([Type.String(), Type.Null()]) }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { household, members, periodCode } = await load(
        request.params.id,
        request.query.period,
        rowScope(request.user!),
      );
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'household_identifiers',
        entityIds: [household.id, ...members.map((m) => m.id)],
        periodCode,
        reason: request.query.reason,
      });
      return { kk: household.kk, members: members.map((m) => ({ id: m.id, nik: m.nik })) };
    },
  );
};

export default householdsRoutes;

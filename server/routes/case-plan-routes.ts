// Case plans: what a household's problems and needs are and what each OPD does about them. Operators (their
// kelurahan) and admins add handling steps; the OPD that owns a step's program updates its progress; planners
// and OPDs see overdue steps per kelurahan. Every write is audited with the household id, so it shows in the
// household's history.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { isFinalizedRefusal, periodResolver, rethrowFinalized } from './registry-writes.ts';
import { rowScope } from '../auth/roles.ts';
import { codesOf } from '../domain/code-lists.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { CasePlanRepository, type StepRow } from '../repositories/case-plan-repository.ts';
import { maskId } from '../domain/nik.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateString = Type.String({ format: 'date' });
const Step = Type.Object({
  id: Type.String(),
  needId: Nullable(Type.String()),
  opd: Type.String(),
  program: Nullable(Type.String()),
  action: Type.String(),
  status: Type.String(),
  plannedOn: Nullable(Type.String()),
  dueOn: Nullable(Type.String()),
  startedOn: Nullable(Type.String()),
  doneOn: Nullable(Type.String()),
  note: Nullable(Type.String()),
  version: Type.Integer(),
});

const today = () => new Date().toISOString().slice(0, 10);

const stepOut = (s: StepRow) => ({
  id: s.id,
  needId: s.need_id,
  opd: s.opd_code,
  program: s.program_code,
  action: s.action,
  status: s.status,
  plannedOn: s.planned_on,
  dueOn: s.due_on,
  startedOn: s.started_on,
  doneOn: s.done_on,
  note: s.note,
  version: s.version,
});

const casePlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const plans = new CasePlanRepository(app.knex);
  const households = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const regionCode = app.config.regionCode;
  const periodOf = periodResolver(households, regionCode);

  app.get(
    '/api/v1/households/:id/case-plan',
    {
      schema: {
        tags: ['case plans'],
        summary: "A household's problems, needs and handling steps",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            period: Type.String(),
            problems: Type.Array(
              Type.Object({
                id: Type.String(),
                code: Type.String(),
                memberId: Nullable(Type.String()),
                note: Nullable(Type.String()),
                recordedOn: Type.String(),
              }),
            ),
            needs: Type.Array(
              Type.Object({
                id: Type.String(),
                code: Type.String(),
                memberId: Nullable(Type.String()),
                met: Type.Boolean(),
                note: Nullable(Type.String()),
                recordedOn: Type.String(),
              }),
            ),
            steps: Type.Array(Step),
          }),
        },
      },
    },
    async (request) => {
      const period = await periodOf(request.query.period);
      const { id } = request.params;
      if (!(await households.find(regionCode, period, id, rowScope(request.user!))))
        throw notFoundT('notFound.householdToSee', { id });
      const plan = await plans.plan(regionCode, period, id);
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'case_plan',
        entityIds: [id],
        periodCode: period,
      });
      return {
        period,
        problems: plan.problems.map((p) => ({
          id: p.id,
          code: p.ppks_code,
          memberId: p.member_id,
          note: p.note,
          recordedOn: p.recorded_on,
        })),
        needs: plan.needs.map((n) => ({
          id: n.id,
          code: n.need_code,
          memberId: n.member_id,
          met: n.met,
          note: n.note,
          recordedOn: n.recorded_on,
        })),
        steps: plan.steps.map(stepOut),
      };
    },
  );

  app.post(
    '/api/v1/households/:id/steps',
    {
      schema: {
        tags: ['case plans'],
        summary: 'Add a handling step: what, which OPD, which program, when due',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            action: Type.String({ minLength: 3, maxLength: 300 }),
            opd: Type.String({ pattern: '^[a-z0-9_]{1,20}$' }),
            program: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,20}$' })),
            needId: Type.Optional(Type.String({ format: 'uuid' })),
            dueOn: Type.Optional(DateString),
            note: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String() }) },
      },
    },
    async (request, reply) => {
      const period = await periodOf(request.body.period);
      const { id } = request.params;
      if (!(await households.find(regionCode, period, id, rowScope(request.user!))))
        throw notFoundT('notFound.householdToChange', { id });
      const b = request.body;
      let stepId: string;
      try {
        stepId = await plans.addStep(regionCode, period, id, {
          need_id: b.needId ?? null,
          opd_code: b.opd,
          program_code: b.program ?? null,
          action: b.action,
          planned_on: today(),
          due_on: b.dueOn ?? null,
          note: b.note ?? null,
        });
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === '23503') throw badRequestT('plan.unknownOpd', { opd: b.opd, program: b.program ?? '' });
        if (code === '23514') throw badRequestT('plan.dueInPast');
        if (isFinalizedRefusal(err)) rethrowFinalized(err);
        throw err;
      }
      await audit.append({
        ...auditContext(request),
        action: 'create',
        entity: 'handling_step',
        entityIds: [id, stepId],
        periodCode: period,
        changes: {
          action: [null, b.action],
          opd: [null, b.opd],
          program: [null, b.program ?? null],
          due_on: [null, b.dueOn ?? null],
        },
      });
      return reply.code(201).send({ id: stepId });
    },
  );

  for (const kind of ['problems', 'needs'] as const) {
    const table = kind === 'problems' ? 'household_problems' : 'household_needs';
    app.post(
      `/api/v1/households/:id/${kind}`,
      {
        schema: {
          tags: ['case plans'],
          summary:
            kind === 'problems'
              ? 'Record a social-welfare problem (PPKS category) of the household or one member'
              : 'Record a need of the household or one member (need category)',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            {
              period: Type.Optional(PeriodCode),
              code: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }),
              memberId: Type.Optional(Type.String({ format: 'uuid' })),
              note: Type.Optional(Type.String({ maxLength: 1000 })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ id: Type.String() }) },
        },
      },
      async (request, reply) => {
        const period = await periodOf(request.body.period);
        const { id } = request.params;
        if (!(await households.find(regionCode, period, id, rowScope(request.user!))))
          throw notFoundT('notFound.householdToChange', { id });
        const b = request.body;
        let entryId: string;
        try {
          entryId = await plans.addEntry(table, regionCode, period, id, {
            code: b.code,
            member_id: b.memberId ?? null,
            note: b.note ?? null,
          });
        } catch (err) {
          const unknown = kind === 'problems' ? 'plan.unknownPpks' : 'plan.unknownNeed';
          if ((err as { code?: string }).code === '23503') throw badRequestT(unknown, { code: b.code });
          rethrowFinalized(err);
        }
        await audit.append({
          ...auditContext(request),
          action: 'create',
          entity: table,
          entityIds: [id, entryId],
          periodCode: period,
          changes: { code: [null, b.code] },
        });
        return reply.code(201).send({ id: entryId });
      },
    );
  }

  app.patch(
    '/api/v1/needs/:id',
    {
      schema: {
        tags: ['case plans'],
        summary: 'Mark a need met or not met',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          { met: Type.Boolean(), period: Type.Optional(PeriodCode) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.String(), met: Type.Boolean() }) },
      },
    },
    async (request) => {
      const period = await periodOf(request.body.period);
      const before = await plans
        .setNeedMet(regionCode, period, request.params.id, request.body.met, rowScope(request.user!))
        .catch(rethrowFinalized);
      if (!before) throw notFoundT('notFound.need', { id: request.params.id });
      if (before.met !== request.body.met)
        await audit.append({
          ...auditContext(request),
          action: 'update',
          entity: 'household_need',
          entityIds: [before.household_id, request.params.id],
          periodCode: period,
          changes: { met: [before.met, request.body.met] },
        });
      return { id: request.params.id, met: request.body.met };
    },
  );

  app.patch(
    '/api/v1/steps/:id',
    {
      schema: {
        tags: ['case plans'],
        summary: "Update a step's progress (send its version; OPD staff: steps of their programs)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            status: Type.Optional(Type.Union(codesOf('stepStatus').map((c) => Type.Literal(c)))),
            dueOn: Type.Optional(Nullable(DateString)),
            startedOn: Type.Optional(Nullable(DateString)),
            doneOn: Type.Optional(DateString),
            note: Type.Optional(Nullable(Type.String({ maxLength: 1000 }))),
          },
          { additionalProperties: false, minProperties: 2 },
        ),
        response: {
          200: Type.Object({
            id: Type.String(),
            version: Type.Integer(),
            changes: Type.Record(Type.String(), Type.Unknown()),
          }),
        },
      },
    },
    async (request) => {
      const period = await periodOf(request.body.period);
      const b = request.body;
      if (b.doneOn && b.status !== 'done') throw badRequestT('plan.doneOnWithDone');
      // A done step carries its date (today unless given); any other status clears it.
      const doneOn = b.status === undefined ? undefined : b.status === 'done' ? (b.doneOn ?? today()) : null;
      let result;
      try {
        result = await plans.updateStep(
          regionCode,
          period,
          request.params.id,
          b.version,
          { status: b.status, due_on: b.dueOn, started_on: b.startedOn, done_on: doneOn, note: b.note },
          rowScope(request.user!),
        );
      } catch (err) {
        if (isFinalizedRefusal(err)) rethrowFinalized(err);
        throw err;
      }
      if (result.status === 'missing') throw notFoundT('notFound.step', { id: request.params.id });
      if (result.status === 'stale')
        throw problem(
          409,
          'stale-version',
          'record.staleStep',
          { id: request.params.id, version: Number(result.current.version) },
          { current: result.current },
        );
      if (Object.keys(result.changes).length)
        await audit.append({
          ...auditContext(request),
          action: 'update',
          entity: 'handling_step',
          entityIds: [result.householdId, request.params.id],
          periodCode: period,
          changes: result.changes,
        });
      return { id: request.params.id, version: result.version, changes: result.changes };
    },
  );

  app.get(
    '/api/v1/steps',
    {
      schema: {
        tags: ['case plans'],
        summary:
          'Handling steps to work on (OPD staff: their programs; operators: their kelurahan), KK masked',
        querystring: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            status: Type.Optional(Type.Union(codesOf('stepStatus').map((c) => Type.Literal(c)))),
            program: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{1,20}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            period: Type.String(),
            truncated: Type.Boolean(),
            steps: Type.Array(
              Type.Object({
                ...Step.properties,
                householdId: Type.String(),
                kk: Type.String(),
                kelurahanCode: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const period = await periodOf(request.query.period);
      const rows = await plans.list(regionCode, period, request.query, rowScope(request.user!), 501);
      const shown = rows.slice(0, 500);
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'handling_steps',
        entityIds: shown.map((s) => s.household_id),
        periodCode: period,
      });
      return {
        period,
        truncated: rows.length > 500,
        steps: shown.map((s) => ({
          ...stepOut(s),
          householdId: s.household_id,
          kk: maskId(s.kk),
          kelurahanCode: s.kelurahan_code,
        })),
      };
    },
  );

  app.get(
    '/api/v1/steps/overdue',
    {
      schema: {
        tags: ['case plans'],
        summary: 'Open and overdue handling steps per kelurahan (OPD staff: their programs)',
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            period: Type.String(),
            asOf: Type.String(),
            areas: Type.Array(
              Type.Object({ code: Type.String(), open: Type.Integer(), overdue: Type.Integer() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const period = await periodOf(request.query.period);
      const asOf = today();
      return { period, asOf, areas: await plans.overdue(regionCode, period, asOf, rowScope(request.user!)) };
    },
  );
};

export default casePlanRoutes;

// Case plans: what a household's problems and needs are and what each OPD does about them. Operators (their
// kelurahan) and admins add handling steps; the OPD that owns a step's program updates its progress; planners
// and OPDs see overdue steps per kelurahan. The rules (period, scope, audit) live in services/case-plan-service.ts
// and services/steps-service.ts; this file is the HTTP face.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { codesOf } from '../domain/code-lists.ts';
import { actorFromRequest } from '../services/actor.ts';
import { Nullable, OverdueSteps, StepFilter, StepList } from '../schemas/index.ts';

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

const casePlanRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { casePlans, steps } = app.services;

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
    async (request) => casePlans.plan(actorFromRequest(request), request.params.id, request.query.period),
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
      const added = await steps.add(actorFromRequest(request), request.params.id, request.body);
      return reply.code(201).send(added);
    },
  );

  for (const kind of ['problems', 'needs'] as const) {
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
        const added = await casePlans.addEntry(
          actorFromRequest(request),
          kind,
          request.params.id,
          request.body,
        );
        return reply.code(201).send(added);
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
    async (request) => casePlans.setNeedMet(actorFromRequest(request), request.params.id, request.body),
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
    async (request) => steps.update(actorFromRequest(request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/steps',
    {
      schema: {
        tags: ['case plans'],
        summary:
          'Handling steps to work on (OPD staff: their programs; operators: their kelurahan), KK masked; ' +
          'filtered by program, kelurahan, status and due date, paged (total says how many), overdue first, then newest',
        querystring: StepFilter,
        response: { 200: StepList },
      },
    },
    async (request) => steps.list(actorFromRequest(request), request.query),
  );

  app.get(
    '/api/v1/steps/overdue',
    {
      schema: {
        tags: ['case plans'],
        summary: 'Open and overdue handling steps per kelurahan, with its name (OPD staff: their programs)',
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: { 200: OverdueSteps },
      },
    },
    async (request) => steps.overdue(actorFromRequest(request), request.query.period),
  );
};

export default casePlanRoutes;

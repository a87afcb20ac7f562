// Duplicates and verification: list households that share a NIK or a KK, merge one into another (both
// histories kept, the merge recorded), and record a household's verification with who and when.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PeriodCode } from './shared-schemas.ts';
import { periodResolver, rethrowFinalized } from './registry-writes.ts';
import { rowScope } from '../auth/roles.ts';
import { maskId } from '../domain/nik.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import { DuplicatesRepository } from '../repositories/duplicates-repository.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const stale = (id: string) => problem(409, 'stale-version', 'record.staleMerge', { id });

const duplicatesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const repo = new DuplicatesRepository(app.knex);
  const households = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const regionCode = app.config.regionCode;
  const periodOf = periodResolver(households, regionCode);

  app.get(
    '/api/v1/duplicates',
    {
      schema: {
        tags: ['households'],
        summary:
          'Households of a period that share an active member’s NIK, or a KK (identifiers masked; audited)',
        querystring: Type.Object({ period: Type.Optional(PeriodCode) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            period: Type.String(),
            groups: Type.Array(
              Type.Object({
                reason: Type.String(),
                key: Type.String({ description: 'the shared NIK or KK, masked' }),
                households: Type.Array(
                  Type.Object({
                    id: Type.String(),
                    kk: Type.String(),
                    kelurahanCode: Type.String(),
                    head: Type.Union([Type.String(), Type.Null()]),
                    members: Type.Integer(),
                    version: Type.Integer(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const period = await periodOf(request.query.period);
      const groups = await repo.list(regionCode, period, rowScope(request.user!), 500);
      await audit.append({
        ...auditContext(request),
        action: 'read',
        entity: 'duplicates',
        entityIds: groups.flatMap((g) => g.households.map((h) => h.id)),
        periodCode: period,
      });
      return {
        period,
        groups: groups.map((g) => ({
          reason: g.reason,
          key: maskId(g.key),
          households: g.households.map((h) => ({
            id: h.id,
            kk: maskId(h.kk),
            kelurahanCode: h.kelurahan_code,
            head: h.head,
            members: Number(h.members),
            version: h.version,
          })),
        })),
      };
    },
  );

  app.post(
    '/api/v1/households/:id/merge',
    {
      schema: {
        tags: ['households'],
        summary:
          'Merge this household (a duplicate) into another: its own people move over, it stays as a merged record',
        params: Params,
        body: Type.Object(
          {
            into: Type.String({ format: 'uuid' }),
            version: Type.Integer({ minimum: 1 }),
            intoVersion: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ id: Type.String(), into: Type.String(), movedMembers: Type.Integer() }),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const b = request.body;
      if (b.into === id) throw badRequestT('merge.self');
      const period = await periodOf(b.period);
      const result = await repo
        .merge(
          regionCode,
          period,
          id,
          b.into,
          { duplicate: b.version, survivor: b.intoVersion },
          rowScope(request.user!),
        )
        .catch(rethrowFinalized);
      if (result.status === 'missing') throw notFoundT('merge.missing');
      if (result.status === 'stale') throw stale(id);
      if (result.status !== 'ok') throw problem(409, 'conflict', 'merge.notActive');
      await audit.append({
        ...auditContext(request),
        action: 'merge',
        entity: 'household',
        entityIds: [id, b.into, ...result.moved],
        periodCode: period,
        changes: {
          status: ['active', 'merged'],
          merged_into: [null, b.into],
          moved_members: [[], result.moved],
        },
        reason: b.note ?? null,
      });
      return { id, into: b.into, movedMembers: result.moved.length };
    },
  );

  app.post(
    '/api/v1/households/:id/verify',
    {
      schema: {
        tags: ['households'],
        summary: 'Record that a household was verified (or rejected) in the field: by whom and when',
        params: Params,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            status: Type.Union([Type.Literal('verified'), Type.Literal('rejected')]),
            period: Type.Optional(PeriodCode),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ id: Type.String(), verificationStatus: Type.String() }) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const period = await periodOf(request.body.period);
      const result = await repo
        .verify(
          regionCode,
          period,
          id,
          request.body.version,
          request.body.status,
          request.user!.id,
          rowScope(request.user!),
        )
        .catch(rethrowFinalized);
      if (result.status === 'missing') throw notFoundT('notFound.householdToChange', { id });
      if (result.status !== 'ok') throw stale(id);
      await audit.append({
        ...auditContext(request),
        action: 'update',
        entity: 'household',
        entityIds: [id],
        periodCode: period,
        changes: { verification_status: [result.before, request.body.status] },
      });
      return { id, verificationStatus: request.body.status };
    },
  );
};

export default duplicatesRoutes;

// Editing household records (operators in their kelurahan, admins): field updates, a member's disabilities,
// leaving with a reason — each under optimistic locking (a stale version gets 409 with the current record,
// never a silent overwrite) and each written to the audit log field by field, which is the record's history.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AddressText, Desil, FloorAreaM2, PeriodCode, PersonName, RtRw } from './shared-schemas.ts';
import { isFinalizedRefusal, periodResolver, rethrowFinalized } from './registry-writes.ts';
import { rowScope } from '../auth/roles.ts';
import { codesOf } from '../domain/code-lists.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import { t } from '../i18n/translate.ts';
import { translateRejectReason } from '../i18n/reject-reasons.ts';
import { maskId } from '../domain/nik.ts';
import { validateHouseholdRow, type StagedMember } from '../imports/households/household-row.ts';
import { auditContext } from '../lib/request-context.ts';
import { AuditRepository } from '../repositories/audit-repository.ts';
import {
  addMember,
  createHousehold,
  HouseholdEditRepository,
  LocationOutsideError,
  type EditResult,
} from '../repositories/household-edit-repository.ts';
import { HouseholdsRepository } from '../repositories/households-repository.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Codes = (list: Parameters<typeof codesOf>[0]) => Type.Union(codesOf(list).map((c) => Type.Literal(c)));
const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

const Saved = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  changes: Type.Record(Type.String(), Type.Unknown(), { description: 'field: [before, after]' }),
  locationCheck: Type.Optional(Type.String()),
});

/** A validated import-style row as a member to store (disabilities from their "type:severity|…" form). */
const newMember = (m: StagedMember) => ({
  nik: m.nik,
  name: m.name,
  sex: m.sex,
  birthDate: m.birthDate,
  relation: m.relation,
  disabilities: m.disabilities
    ? m.disabilities.split('|').map((p) => ({ type: p.split(':')[0]!, severity: p.split(':')[1]! }))
    : [],
});

const nikTaken = (nik: string, period: string, householdId: string) =>
  problem(409, 'duplicate', 'record.nikTaken', { nik: maskId(nik), period, householdId }, { householdId });

const householdEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const edits = new HouseholdEditRepository(app.knex);
  const households = new HouseholdsRepository(app.knex);
  const audit = new AuditRepository(app.knex);
  const regionCode = app.config.regionCode;

  /** The period written to: the one named, else the latest (finalized ones refuse in the database). */
  const periodOf = periodResolver(households, regionCode);

  /** 409 with the current record for a stale version; 404 for missing or out of scope; 409 for finalized. */
  async function settle<T>(work: () => Promise<EditResult<T>>, id: string) {
    let result: EditResult<T>;
    try {
      result = await work();
    } catch (err) {
      if (err instanceof LocationOutsideError) throw badRequestT('record.locationOutside');
      if (isFinalizedRefusal(err)) rethrowFinalized(err);
      throw err;
    }
    if (result.status === 'missing') throw notFoundT('notFound.householdToChange', { id });
    if (result.status === 'stale') {
      // Coordinates are person-level location data: the conflict answer shows the fields, not the point.
      const current = Object.fromEntries(
        Object.entries(result.current).filter(([k]) => k !== 'lon' && k !== 'lat'),
      );
      throw problem(
        409,
        'stale-version',
        'record.stale',
        { id, version: Number(result.current.version) },
        { current },
      );
    }
    return result;
  }

  app.post(
    '/api/v1/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Create a household with its members, validated by the same rules as an import row',
        body: Type.Object(
          {
            period: Type.Optional(PeriodCode),
            kk: Type.String(),
            kelurahan: Type.String(),
            address: Type.Optional(AddressText),
            rt: Type.Optional(Type.Integer()),
            rw: Type.Optional(Type.Integer()),
            desil: Type.Optional(Type.Integer()),
            location: Type.Optional(
              Type.Object({ lon: Type.Number(), lat: Type.Number() }, { additionalProperties: false }),
            ),
            members: Type.Array(
              Type.Object(
                {
                  nik: Type.String(),
                  name: PersonName,
                  sex: Type.String(),
                  birthDate: Type.String({ description: 'YYYY-MM-DD or DD/MM/YYYY' }),
                  relation: Type.String(),
                  disabilities: Type.Optional(
                    Type.Array(Type.Object({ type: Type.String(), severity: Type.String() })),
                  ),
                },
                { additionalProperties: false },
              ),
              { minItems: 1, maxItems: 30 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ id: Type.String(), locationCheck: Type.String() }) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const period = await periodOf(b.period);
      const scope = rowScope(request.user!);
      // Each member as an import row: one validator for files and forms.
      const known = new Set(
        await app
          .knex('areas')
          .where({ region_code: regionCode, level: 'kelurahan' })
          .pluck<string[]>('code'),
      );
      const ctx = { knownKelurahan: known, scope: scope.kelurahan ? new Set(scope.kelurahan) : undefined };
      const errors: Array<{ member: number; column: string | null; value: string | null; reason: string }> =
        [];
      const staged = b.members.map((m, i) => {
        const { member, issues } = validateHouseholdRow(
          {
            no_kk: b.kk,
            kode_kelurahan: b.kelurahan,
            alamat: b.address ?? null,
            rt: b.rt ?? null,
            rw: b.rw ?? null,
            desil: b.desil ?? null,
            lintang: b.location?.lat ?? null,
            bujur: b.location?.lon ?? null,
            nik: m.nik,
            nama: m.name,
            jenis_kelamin: m.sex,
            tanggal_lahir: m.birthDate,
            hubungan: m.relation,
            disabilitas: (m.disabilities ?? []).map((d) => `${d.type}:${d.severity}`).join('|') || null,
          },
          ctx,
        );
        for (const issue of issues.filter((x) => x.severity === 'error'))
          errors.push({ member: i, column: issue.column, value: issue.value, reason: issue.reason });
        return member;
      });
      if (new Set(b.members.map((m) => m.nik)).size !== b.members.length)
        errors.push({ member: -1, column: 'nik', value: null, reason: t('en', 'record.nikTwice') });
      if (errors.length)
        throw badRequestT(
          'record.memberProblems',
          {
            count: errors.length,
            reason: translateRejectReason(request.lang, errors[0]!.reason),
            member: errors[0]!.member + 1,
            column: errors[0]!.column ?? '',
          },
          { errors },
        );
      const first = staged[0]!;
      let result;
      try {
        result = await createHousehold(app.knex, regionCode, period, {
          kk: first.kk,
          kelurahanCode: first.kelurahanCode,
          address: first.address,
          rt: first.rt,
          rw: first.rw,
          desil: first.desil,
          point: first.lat !== null && first.lon !== null ? { lon: first.lon, lat: first.lat } : null,
          members: staged.map((m) => newMember(m!)),
        });
      } catch (err) {
        if (err instanceof LocationOutsideError) throw badRequestT('record.locationOutside');
        if (isFinalizedRefusal(err)) rethrowFinalized(err);
        throw err;
      }
      if (result.status === 'kk-exists')
        throw problem(
          409,
          'duplicate',
          'record.kkTaken',
          { kk: maskId(b.kk), period, householdId: result.id },
          { householdId: result.id },
        );
      if (result.status === 'nik-exists') throw nikTaken(result.nik, period, result.householdId);
      await audit.append({
        ...auditContext(request),
        action: 'create',
        entity: 'household',
        entityIds: [result.id],
        periodCode: period,
        changes: { kk: [null, maskId(b.kk)], members: [null, b.members.length] },
      });
      return reply.code(201).send({ id: result.id, locationCheck: result.locationCheck });
    },
  );

  app.patch(
    '/api/v1/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Change household fields (send the version you edited; 409 if it changed meanwhile)',
        params: Params,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            changes: Type.Object(
              {
                desil: Type.Optional(Nullable(Desil)),
                address: Type.Optional(Nullable(AddressText)),
                rt: Type.Optional(Nullable(RtRw)),
                rw: Type.Optional(Nullable(RtRw)),
                unfitHouse: Type.Optional(Nullable(Type.Boolean())),
                floorAreaM2: Type.Optional(Nullable(FloorAreaM2)),
                lighting: Type.Optional(Nullable(Codes('lighting'))),
                location: Type.Optional(
                  Nullable(
                    Type.Object(
                      {
                        lon: Type.Number({ minimum: -180, maximum: 180 }),
                        lat: Type.Number({ minimum: -90, maximum: 90 }),
                      },
                      { additionalProperties: false },
                    ),
                  ),
                ),
              },
              { additionalProperties: false, minProperties: 1 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Saved },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { version, changes: c } = request.body;
      const period = await periodOf(request.body.period);
      const result = await settle(
        () =>
          edits.update(
            regionCode,
            period,
            id,
            version,
            {
              desil: c.desil,
              address: c.address,
              rt: c.rt,
              rw: c.rw,
              unfit_house: c.unfitHouse,
              floor_area_m2: c.floorAreaM2,
              lighting: c.lighting,
              point: c.location,
            },
            rowScope(request.user!),
          ),
        id,
      );
      if (result.extra?.locationCheck === 'outside') throw badRequestT('record.locationOutsideShort');
      if (Object.keys(result.changes).length)
        await audit.append({
          ...auditContext(request),
          action: 'update',
          entity: 'household',
          entityIds: [id],
          periodCode: period,
          changes: result.changes,
        });
      return {
        id,
        version: result.version,
        changes: result.changes,
        locationCheck: result.extra?.locationCheck,
      };
    },
  );

  app.post(
    '/api/v1/households/:id/members',
    {
      schema: {
        tags: ['households'],
        summary: 'Add a member (a birth, a move-in) under the household version, validated as an import row',
        params: Params,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            member: Type.Object(
              {
                nik: Type.String(),
                name: PersonName,
                sex: Type.String(),
                birthDate: Type.String(),
                relation: Type.String(),
                disabilities: Type.Optional(
                  Type.Array(Type.Object({ type: Type.String(), severity: Type.String() })),
                ),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), memberId: Type.String(), version: Type.Integer() }),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const period = await periodOf(request.body.period);
      const scope = rowScope(request.user!);
      const household = await households.find(regionCode, period, id, scope);
      if (!household) throw notFoundT('notFound.householdToChange', { id });
      const m = request.body.member;
      const { member, issues } = validateHouseholdRow(
        {
          no_kk: household.kk,
          kode_kelurahan: household.kelurahan_code,
          nik: m.nik,
          nama: m.name,
          jenis_kelamin: m.sex,
          tanggal_lahir: m.birthDate,
          hubungan: m.relation,
          disabilitas: (m.disabilities ?? []).map((d) => `${d.type}:${d.severity}`).join('|') || null,
        },
        { knownKelurahan: new Set([household.kelurahan_code]) },
      );
      const errors = issues.filter((i) => i.severity === 'error');
      if (!member || errors.length)
        throw badRequestT(
          'record.memberProblem',
          {
            column: errors[0]?.column ?? 'member',
            reason: translateRejectReason(request.lang, errors[0]?.reason ?? 'invalid'),
          },
          { errors },
        );
      const result = await addMember(
        app.knex,
        regionCode,
        period,
        id,
        request.body.version,
        newMember(member),
        scope,
      ).catch(rethrowFinalized);
      if (result.status === 'missing') throw notFoundT('notFound.householdToChange', { id });
      if (result.status !== 'ok' && result.status !== 'nik-exists')
        throw problem(409, 'stale-version', 'record.staleMember', { id });
      if (result.status === 'nik-exists') throw nikTaken(m.nik, period, result.householdId);
      await audit.append({
        ...auditContext(request),
        action: 'create',
        entity: 'member',
        entityIds: [id, result.id],
        periodCode: period,
        changes: { member: [null, { name: member.name, relation: member.relation }] },
      });
      return reply.code(201).send({ id, memberId: result.id, version: request.body.version + 1 });
    },
  );

  app.patch(
    '/api/v1/households/:id/members/:memberId',
    {
      schema: {
        tags: ['households'],
        summary: "Change a member's relation or disabilities (under the household's version)",
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          memberId: Type.String({ format: 'uuid' }),
        }),
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            changes: Type.Object(
              {
                relation: Type.Optional(Codes('relation')),
                disabilities: Type.Optional(
                  Type.Array(
                    Type.Object(
                      { type: Codes('disabilityType'), severity: Codes('severity') },
                      { additionalProperties: false },
                    ),
                    {
                      maxItems: 7,
                    },
                  ),
                ),
              },
              { additionalProperties: false, minProperties: 1 },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Saved },
      },
    },
    async (request) => {
      const { id, memberId } = request.params;
      const types = (request.body.changes.disabilities ?? []).map((d) => d.type);
      if (new Set(types).size !== types.length) throw badRequestT('record.disabilityTwice');
      const period = await periodOf(request.body.period);
      const result = await settle(
        () =>
          edits.updateMember(
            regionCode,
            period,
            id,
            memberId,
            request.body.version,
            request.body.changes,
            rowScope(request.user!),
          ),
        id,
      );
      if (Object.keys(result.changes).length)
        await audit.append({
          ...auditContext(request),
          action: 'update',
          entity: 'member',
          entityIds: [id, memberId],
          periodCode: period,
          changes: result.changes,
        });
      return { id, version: result.version, changes: result.changes };
    },
  );

  app.post(
    '/api/v1/households/:id/leave',
    {
      schema: {
        tags: ['households'],
        summary: 'A household leaves the current counts with a reason (never deleted; stays in history)',
        params: Params,
        body: Type.Object(
          {
            version: Type.Integer({ minimum: 1 }),
            period: Type.Optional(PeriodCode),
            reason: Type.Union(
              [Type.Literal('moved_out'), Type.Literal('died'), Type.Literal('not_eligible')],
              {
                description: 'merging duplicates has its own flow',
              },
            ),
            on: Type.String({ format: 'date' }),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Saved },
      },
    },
    async (request) => {
      const { id } = request.params;
      const period = await periodOf(request.body.period);
      const result = await settle(
        () =>
          edits.leave(
            regionCode,
            period,
            id,
            request.body.version,
            { reason: request.body.reason, on: request.body.on, note: request.body.note ?? null },
            rowScope(request.user!),
          ),
        id,
      );
      await audit.append({
        ...auditContext(request),
        action: 'leave',
        entity: 'household',
        entityIds: [id],
        periodCode: period,
        changes: result.changes,
        reason: request.body.note ?? null,
      });
      return { id, version: result.version, changes: result.changes };
    },
  );

  app.get(
    '/api/v1/households/:id/history',
    {
      schema: {
        tags: ['households'],
        summary: 'Every change of a household and its members: who, when, field by field',
        params: Params,
        response: {
          200: Type.Array(
            Type.Object({
              at: Type.String(),
              username: Nullable(Type.String()),
              action: Type.String(),
              entity: Type.String(),
              period: Nullable(Type.String()),
              changes: Type.Unknown(),
            }),
          ),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      // Visible only to those who may see the record (operators: their kelurahan), whatever its period.
      const period = await periodOf();
      if (!(await households.find(regionCode, period, id, rowScope(request.user!))))
        throw notFoundT('notFound.householdToSee', { id });
      const rows = await edits.history(regionCode, id);
      return rows.map((r) => ({
        at: new Date(r.at).toISOString(),
        username: r.username,
        action: r.action,
        entity: r.entity,
        period: r.period_code,
        changes: r.changes,
      }));
    },
  );
};

export default householdEditRoutes;

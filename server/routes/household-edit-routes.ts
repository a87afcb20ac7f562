// Editing household records (operators in their kelurahan, admins): field updates, members, leaving with a
// reason — each under optimistic locking (a stale version gets 409 with the current record, never a silent
// overwrite) and each written to the audit log field by field, in the same transaction, which is the record's
// history. The rules live in services/household-edit-service.ts, member-edit-service.ts and
// household-read-service.ts; here are the schemas and the HTTP answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AddressText, PeriodCode, PersonName } from './shared-schemas.ts';
import { actorFromRequest } from '../services/actor.ts';
import {
  HouseholdEdit,
  IdParams as Params,
  Leave,
  MemberAdd,
  MemberEdit,
  MemberParams,
  Nullable,
  ProposalNoteFields,
  ProposedAnswer,
  Saved,
} from '../schemas/index.ts';

/** An edit held for review answers 202 with its proposal instead of the saved record. */
const held = (answer: object): answer is { proposal: unknown } => 'proposal' in answer;

const householdEditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { householdEdits, memberEdits, householdReads } = app.services;

  app.post(
    '/api/v1/households',
    {
      schema: {
        tags: ['households'],
        summary: 'Create a household with its members, validated by the same rules as an import row',
        description:
          "201: registered. 202: an operator's new household the approval policy holds for review, stored as a proposal (nothing registered until approved).",
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
            ...ProposalNoteFields,
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ id: Type.String(), locationCheck: Type.String() }),
          202: ProposedAnswer,
        },
      },
    },
    async (request, reply) => {
      const saved = await householdEdits.create(actorFromRequest(request), request.body, request.lang);
      return held(saved) ? reply.code(202).send(saved) : reply.code(201).send(saved);
    },
  );

  app.patch(
    '/api/v1/households/:id',
    {
      schema: {
        tags: ['households'],
        summary: 'Change household fields (send the version you edited; 409 if it changed meanwhile)',
        description:
          "200: saved. 202: an operator's change of a field group the approval policy holds for review, stored as a proposal (the record is unchanged until approved).",
        params: Params,
        body: HouseholdEdit,
        response: { 200: Saved, 202: ProposedAnswer },
      },
    },
    async (request, reply) => {
      const saved = await householdEdits.update(actorFromRequest(request), request.params.id, request.body);
      return held(saved) ? reply.code(202).send(saved) : saved;
    },
  );

  app.post(
    '/api/v1/households/:id/members',
    {
      schema: {
        tags: ['households'],
        summary: 'Add a member (a birth, a move-in) under the household version, validated as an import row',
        params: Params,
        description:
          "201: added. 202: an operator's member edit the approval policy holds for review (kind members), stored as a proposal.",
        body: MemberAdd,
        response: {
          201: Type.Object({ id: Type.String(), memberId: Type.String(), version: Type.Integer() }),
          202: ProposedAnswer,
        },
      },
    },
    async (request, reply) => {
      const actor = actorFromRequest(request);
      const saved = await memberEdits.add(actor, request.params.id, request.body, request.lang);
      return held(saved) ? reply.code(202).send(saved) : reply.code(201).send(saved);
    },
  );

  app.patch(
    '/api/v1/households/:id/members/:memberId',
    {
      schema: {
        tags: ['households'],
        summary:
          "Correct a member's name, birth date or relation, or set their disabilities (under the household's version)",
        description:
          "200: saved. 202: an operator's member edit the approval policy holds for review (kind members), stored as a proposal.",
        params: MemberParams,
        body: MemberEdit,
        response: { 200: Saved, 202: ProposedAnswer },
      },
    },
    async (request, reply) => {
      const { id, memberId } = request.params;
      const saved = await memberEdits.update(actorFromRequest(request), id, memberId, request.body);
      return held(saved) ? reply.code(202).send(saved) : saved;
    },
  );

  app.post(
    '/api/v1/households/:id/leave',
    {
      schema: {
        tags: ['households'],
        summary: 'A household leaves the current counts with a reason (never deleted; stays in history)',
        description:
          "200: saved. 202: an operator's removal the approval policy holds for review, stored as a proposal (the household stays until approved).",
        params: Params,
        body: Leave,
        response: { 200: Saved, 202: ProposedAnswer },
      },
    },
    async (request, reply) => {
      const saved = await householdEdits.leave(actorFromRequest(request), request.params.id, request.body);
      return held(saved) ? reply.code(202).send(saved) : saved;
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
              entityIds: Type.Array(Type.String(), { description: 'the household, then the member or step' }),
              changes: Type.Unknown(),
            }),
          ),
        },
      },
    },
    async (request) => householdReads.history(actorFromRequest(request), request.params.id),
  );
};

export default householdEditRoutes;

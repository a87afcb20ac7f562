// Proposals and approval (maker–checker, #20 item 1): reviewers list proposals by kelurahan with their diff and
// approve or reject one or a batch; admins set which kinds of operators' changes need approval. The rules live
// in services/proposal-review-service.ts; here are the schemas and the HTTP answers.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SCAN_EXTENSIONS } from '../lib/scan-type.ts';
import {
  ApprovalPolicy,
  ApprovalPolicyBody,
  DecisionAnswer,
  DecisionBody,
  EvidenceFile,
  ProposalList,
  ProposalQuery,
} from '../schemas/index.ts';
import { actorFromRequest } from '../services/actor.ts';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES } from '../services/proposal-evidence-service.ts';
import { sendFile } from './file-reply.ts';
import { fileMeta, readOneUpload } from './one-upload.ts';
import { Uuid } from './shared-schemas.ts';

const evidenceFile = (e: Parameters<typeof fileMeta>[0] & { uploaded_by_username: string | null }) => ({
  ...fileMeta(e),
  uploadedBy: e.uploaded_by_username,
});

const proposalsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { proposals, evidence } = app.services;
  await app.register(multipart, {
    limits: { fileSize: EVIDENCE_MAX_BYTES, files: 1, fields: 0, fieldSize: 1024 },
  });

  app.post(
    '/api/v1/proposals/:id/evidence',
    {
      schema: {
        tags: ['households'],
        summary: `Attach a photo of the house or a scanned letter to a pending proposal (its maker or an admin; multipart field "file": PDF, PNG or JPEG by its contents, at most ${EVIDENCE_MAX_BYTES / 1024 / 1024} MB, ${EVIDENCE_MAX_FILES} per proposal)`,
        consumes: ['multipart/form-data'],
        params: Type.Object({ id: Uuid }),
        response: { 201: EvidenceFile },
      },
    },
    async (request, reply) => {
      const file = await readOneUpload(request, {
        maxBytes: EVIDENCE_MAX_BYTES,
        tooLarge: 'evidence.tooLarge',
        noFile: 'evidence.noFile',
        fallbackName: 'bukti',
      });
      const row = await evidence.attach(actorFromRequest(request), request.params.id, file);
      return reply.code(201).send(evidenceFile(row));
    },
  );

  app.get(
    '/api/v1/proposals/:id/evidence/:evidenceId',
    {
      schema: {
        tags: ['households'],
        summary:
          "Download one of a proposal's evidence files (it shows people and homes: every download is audited)",
        params: Type.Object({ id: Uuid, evidenceId: Uuid }),
      },
    },
    async (request, reply) => {
      const { id, evidenceId } = request.params;
      const row = await evidence.download(actorFromRequest(request), id, evidenceId);
      return sendFile(reply, {
        body: row.content,
        contentType: row.content_type,
        filename: `bukti-usulan-${id.slice(0, 8)}-${evidenceId.slice(0, 8)}.${SCAN_EXTENSIONS[row.content_type] ?? 'bin'}`,
      });
    },
  );

  app.get(
    '/api/v1/proposals',
    {
      schema: {
        tags: ['households'],
        summary:
          'Proposals of a period (pending unless ?status=) by kelurahan, each with its before/after diff (operators: their kelurahan)',
        querystring: ProposalQuery,
        response: { 200: ProposalList },
      },
    },
    async (request) => proposals.list(actorFromRequest(request), request.query),
  );

  app.post(
    '/api/v1/proposals/decisions',
    {
      schema: {
        tags: ['households'],
        summary:
          'Approve or reject one proposal or a batch, all or none: never your own, a rejection with a reason; an approved change is applied as a direct edit would be',
        description:
          '409 stale-version when a household changed since its proposal (nothing applied), 409 conflict when one is already decided, 403 for your own proposal.',
        body: DecisionBody,
        response: { 200: DecisionAnswer },
      },
    },
    async (request) => proposals.decide(actorFromRequest(request), request.body, request.lang),
  );

  app.get(
    '/api/v1/approval-policy',
    {
      schema: {
        tags: ['households'],
        summary:
          "Which kinds of operators' changes wait for a reviewer's approval (the others apply at once)",
        response: { 200: ApprovalPolicy },
      },
    },
    async (request) => proposals.policy(actorFromRequest(request)),
  );

  app.put(
    '/api/v1/approval-policy',
    {
      schema: {
        tags: ['households'],
        summary: "Set which kinds of operators' changes need approval (admin; audited)",
        body: ApprovalPolicyBody,
        response: { 200: ApprovalPolicy },
      },
    },
    async (request) => proposals.savePolicy(actorFromRequest(request), request.body.requires),
  );
};

export default proposalsRoutes;

// Boundary sets over HTTP (admins): upload a kelurahan boundary file (GeoJSON or a zipped Shapefile, multipart),
// stored as an inactive set whose answer is its match report; read a set's report; list the sets with the
// active one; activate a set, accepting its repairs and a partial set or not. The upload is judged like the
// household imports' (role, file type by name, the user's uploads in flight, the size limit while it streams)
// and its file is deleted however the request ends.
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { badRequestT, problem } from '../lib/problem.ts';
import { assertNoControlCharacters } from '../plugins/app/input-hygiene.ts';
import { ActivateBody, BoundarySet, BoundarySetList } from '../schemas/boundary.ts';
import { actorFromRequest, type Actor } from '../services/actor.ts';
import type { ImportFile, ImportService } from '../services/import-service.ts';

interface Received {
  label?: string;
  file?: ImportFile;
}

/** Reads the optional label field, then the one file (checked by name before a byte of it is saved). */
async function receive(request: FastifyRequest, imports: ImportService, actor: Actor, got: Received) {
  const { multipartErrors, config } = request.server;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (got.file) throw badRequestT('import.fieldsAfterFile');
        if (part.fieldname !== 'label') throw badRequestT('boundary.unknownField', { field: part.fieldname });
        assertNoControlCharacters(String(part.value), 'form field label');
        got.label = String(part.value).trim().slice(0, 200) || undefined;
        continue;
      }
      if (got.file) throw badRequestT('import.oneFile');
      const checked = await imports.check({ kind: 'boundaries' }, actor);
      assertNoControlCharacters(part.filename, 'the file name');
      const name = imports.fileName(checked, part.filename, request.lang);
      const path = await imports.save(part.file, name);
      got.file = { path, name, bytes: part.file.bytesRead };
    }
  } catch (err) {
    if (err instanceof multipartErrors.RequestFileTooLargeError)
      throw problem(413, 'file-too-large', 'import.fileTooLarge', { bytes: config.importMaxBytes });
    throw err;
  }
  if (!got.file) throw badRequestT('boundary.noFile');
  if (got.file.bytes === 0) throw badRequestT('import.emptyFile', { name: got.file.name });
  return got.file;
}

const boundariesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { imports, boundaries } = app.services;
  await app.register(multipart, {
    limits: { fileSize: app.config.importMaxBytes, files: 1, fields: 2, fieldSize: 1024 },
  });

  app.post(
    '/api/v1/boundaries/imports',
    {
      schema: {
        tags: ['boundaries'],
        summary:
          'Upload a kelurahan boundary file (multipart: optional label, then file: .geojson, .json or a zipped Shapefile); it is stored as an inactive set and answered with its match report',
        description:
          'A file that cannot be used (not GeoJSON, a damaged or hostile ZIP, no feature matching a kelurahan) is refused with 422 and the reason in the caller’s language; nothing is stored.',
        consumes: ['multipart/form-data'],
        response: { 201: BoundarySet },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw problem(415, 'unsupported-media-type', 'import.notMultipart');
      const actor = actorFromRequest(request);
      const release = imports.reserve(actor);
      const got: Received = {};
      try {
        const file = await receive(request, imports, actor, got);
        return reply.code(201).send(await boundaries.upload(file, got.label, actor));
      } finally {
        release();
        await imports.discard(got.file?.path);
      }
    },
  );

  app.get(
    '/api/v1/boundaries/sets',
    {
      schema: {
        tags: ['boundaries'],
        summary: 'The region’s boundary sets, newest first, and which one the map shows (active)',
        response: { 200: BoundarySetList },
      },
    },
    async () => ({ sets: await boundaries.sets() }),
  );

  app.get(
    '/api/v1/boundaries/sets/:id',
    {
      schema: {
        tags: ['boundaries'],
        summary:
          'A boundary set with its match report: matched, missing and extra kelurahan, repaired polygons',
        params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
        response: { 200: BoundarySet },
      },
    },
    async (request) => boundaries.set(request.params.id),
  );

  app.post(
    '/api/v1/boundaries/sets/:id/activate',
    {
      schema: {
        tags: ['boundaries'],
        summary:
          'Switch the map to a stored set (also back to an older one); a set with repaired polygons needs acceptRepairs, one with missing kelurahan allowPartial (409 otherwise)',
        params: Type.Object({ id: Type.String({ maxLength: 36 }) }),
        body: ActivateBody,
        response: { 200: BoundarySet },
      },
    },
    async (request) => boundaries.activate(request.params.id, request.body, actorFromRequest(request)),
  );
};

export default boundariesRoutes;

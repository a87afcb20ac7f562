// One check for every route: no string of the path parameters, the query string or a parsed body (and no
// object key) may hold a control character (field-rules.ts). It runs before schema validation, so a NUL byte
// is a 400 naming the field instead of a 500 from PostgreSQL, and no route can forget it. Multipart form
// fields are read by their route, which applies the same check (assertNoControlCharacters).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { codePoint, CONTROL_CHARACTER } from '../../domain/field-rules.ts';
import { problem, type HttpProblem } from '../../lib/problem.ts';

/** The first string (or key) under `value` holding a control character: its path and the character. */
export function findControlCharacter(value: unknown, root: string): { path: string; char: string } | null {
  // Iterative: a body may nest deeply within its size limit, and a recursive walk could overflow the stack.
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const m = CONTROL_CHARACTER.exec(v);
      if (m) return { path, char: m[0] };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (typeof v === 'object' && v !== null && !Buffer.isBuffer(v)) {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const m = CONTROL_CHARACTER.exec(k);
        if (m) return { path: `${path} (a key)`, char: m[0] };
        stack.push([child, `${path}.${k}`]);
      }
    }
  }
  return null;
}

export function controlCharacterProblem(where: string, char: string): HttpProblem {
  return problem(
    400,
    'validation',
    'validation.controlCharacter',
    { field: where, char: codePoint(char) },
    { errors: [{ path: where, message: `contains ${codePoint(char)}` }] },
  );
}

/** For values a route reads itself (multipart fields, file names). */
export function assertNoControlCharacters(value: unknown, where: string): void {
  const found = findControlCharacter(value, where);
  if (found) throw controlCharacterProblem(found.path, found.char);
}

export default fp(
  async function inputHygiene(app: FastifyInstance) {
    app.addHook('preValidation', async (request) => {
      assertNoControlCharacters(request.params, 'params');
      assertNoControlCharacters(request.query, 'querystring');
      assertNoControlCharacters(request.body, 'body');
    });
  },
  { name: 'input-hygiene' },
);

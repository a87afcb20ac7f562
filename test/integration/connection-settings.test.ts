// The app's connections (createKnex) run without JIT compilation: PostgreSQL prices this schema's short
// statements by the whole city's rows and compiled one kelurahan's refresh for 1.4 s of a 1.5 s answer at
// 500,000 households (docs/benchmarks.md, "From a write to the map").
import { describe, expect, inject, it } from 'vitest';
import { createKnex } from '../../server/db/knex.ts';
import '../support/provided.ts';

describe("the app's database connections", () => {
  it('have JIT off, on every connection of the pool, and say they are the app', async () => {
    const knex = createKnex({ url: inject('databaseUrl'), poolMax: 2 });
    try {
      // Two at once, so two connections of the pool answer.
      const answers = await Promise.all(
        [1, 2].map(() =>
          knex.transaction(async (trx) => {
            const { rows } = await trx.raw<{ rows: Array<{ jit: string; app: string; pid: number }> }>(
              "select current_setting('jit') jit, current_setting('application_name') app, pg_backend_pid() pid, pg_sleep(0.05)",
            );
            return rows[0]!;
          }),
        ),
      );
      expect(new Set(answers.map((a) => a.pid)).size).toBe(2);
      for (const a of answers) {
        expect(a.jit).toBe('off');
        expect(a.app).toBe('sidaksos');
      }
    } finally {
      await knex.destroy();
    }
  });
});

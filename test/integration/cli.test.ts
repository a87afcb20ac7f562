// The operators' CLI: help, and precise messages for bad arguments (before anything touches the database).
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

const run = promisify(execFile);
const tsx = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

async function cli(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const r = await run(tsx, ['server/cli/main.ts', ...args], { cwd: PROJECT_ROOT, timeout: 60_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('npm run cli', () => {
  it('lists its commands', async () => {
    const r = await cli('--help');
    expect(r.code).toBe(0);
    for (const command of ['db', 'migrate', 'demo', 'seed', 'import'])
      expect(r.out).toMatch(new RegExp(`\\n\\s+${command}\\b`));
  });

  it.each([
    [['seed', '--households', 'abc'], /--households takes a whole number of at least 1, not "abc"/],
    [['seed', '--households', '0'], /--households takes a whole number of at least 1/],
    [['seed', '--periods', '2025-12,2025-07'], /periods must be distinct and oldest first/],
    [['seed', '--periods', '2025-13'], /period "2025-13" is not YYYY-MM/],
    [['seed', '--defects', 'foo=1'], /unknown defect "foo"; known: invalidNik/],
    [['seed', '--defects', 'invalidNik=2'], /invalidNik takes a share between 0 and 0.5/],
    [['import', 'boundaries'], /missing required argument 'file'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j → a clear error', async (args, message) => {
    const r = await cli(...args);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(message);
  });
});

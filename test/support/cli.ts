// Runs `npm run cli -- …` as an operator would (a child process), returning its exit code and output.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../server/config.ts';

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'),
      ['server/cli/main.ts', ...args],
      { cwd: PROJECT_ROOT, env, timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

// `npm test`: every test, in two Vitest processes side by side — the browser project in one, unit and
// integration in the other — and one merged JSON report (.vitest-results.json) for .ci/run's count.
//
// Why two processes: Vitest runs a project whose files must not run in parallel (the browser files share one
// server and database) in a group of its own, and groups one after another; on 2 cores its default is one
// worker anyway. The browser files mostly wait on Chromium and the server, the integration files on
// PostgreSQL, so run one after the other they left the cores half idle (a clean CI run took 35 minutes with
// 16 minutes of CPU). Side by side the run takes about as long as the browser project alone.
//
// With arguments (`npm test -- test/unit/x.test.ts`, `npm test -- --project unit`) it is plain `vitest run`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../server/config.ts';
import { provisionDatabase } from '../../server/db/provision.ts';
import { ensureChromium, ensureGdal } from '../../server/db/system-packages.ts';
import { mergeReports, type Report } from './merge-reports.ts';

const REPORT = '.vitest-results.json';
const vitestBin = new URL('../../node_modules/vitest/vitest.mjs', import.meta.url).pathname;

/** Runs `vitest run <args>`, its output lines prefixed with `label` (two runs share the terminal). */
function runVitest(args: string[], label: string | null, report: string | null): Promise<number> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...(report ? { SIDAKSOS_TEST_REPORT: report } : {}) };
    const child = spawn(process.execPath, [vitestBin, 'run', ...args], {
      env,
      stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    if (label) {
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        if (!stream) continue;
        createInterface({ input: stream }).on('line', (line) => out.write(`[${label}] ${line}\n`));
      }
    }
    const stop = () => child.kill('SIGINT');
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readReport(file: string): Report | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length > 0) return runVitest(args, null, null);

  // Installed before either process starts, so the two never run apt-get at once on a new machine (dpkg's
  // lock would fail the second); the private cluster is started once here and reused by both.
  const log = (m: string) => console.log(`[setup] ${m}`);
  await provisionDatabase(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }), log);
  await ensureChromium(log);
  await ensureGdal(log);

  const parts = [
    { label: 'browser', args: ['--project', 'browser'], report: '.vitest-results.browser.json' },
    {
      label: 'unit+integration',
      args: ['--project', 'unit', '--project', 'integration'],
      report: '.vitest-results.rest.json',
    },
  ];
  for (const p of [REPORT, ...parts.map((p) => p.report)]) rmSync(p, { force: true });
  const codes = await Promise.all(parts.map((p) => runVitest(p.args, p.label, p.report)));
  const merged = mergeReports(parts.map((p) => readReport(p.report)));
  writeFileSync(REPORT, JSON.stringify(merged));
  for (const p of parts) rmSync(p.report, { force: true });
  const count = (key: string) => (typeof merged[key] === 'number' ? merged[key] : 0);
  console.log(`all projects: ${count('numPassedTests')} passed, ${count('numFailedTests')} failed`);
  return codes.find((c) => c !== 0) ?? (count('numFailedTests') > 0 || !merged.success ? 1 : 0);
}

process.exitCode = await main();

// The systemd units in deploy/ are valid for systemd itself, restart the service after a failure, and start
// what the repository really has.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';

const UNITS = ['sidaksos.service', 'sidaksos-backup.service', 'sidaksos-backup.timer'];
const read = (unit: string) => readFileSync(path.join(PROJECT_ROOT, 'deploy', unit), 'utf8');

describe('deploy/ systemd units', () => {
  it('restart the service on failure and start the real entry points', () => {
    const service = read('sidaksos.service');
    expect(service).toMatch(/^Restart=on-failure$/m);
    expect(service).toMatch(/^ExecStart=\/opt\/sidaksos\/node_modules\/\.bin\/tsx server\/main\.ts$/m);
    expect(existsSync(path.join(PROJECT_ROOT, 'server/main.ts'))).toBe(true);
    expect(read('sidaksos-backup.service')).toMatch(/tsx server\/cli\/main\.ts backup /);
    expect(existsSync(path.join(PROJECT_ROOT, 'server/cli/main.ts'))).toBe(true);
    expect(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8')).toContain('deploy/sidaksos.service');
  });

  it('pass systemd-analyze verify', async () => {
    // Checked as installed: /opt/sidaksos is this checkout.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-units-'));
    try {
      for (const unit of UNITS)
        writeFileSync(path.join(dir, unit), read(unit).replaceAll('/opt/sidaksos', PROJECT_ROOT));
      const { stdout, stderr } = await promisify(execFile)(
        'systemd-analyze',
        ['verify', ...UNITS.map((u) => path.join(dir, u))],
        { timeout: 30_000 },
      );
      expect(`${stdout}${stderr}`.trim()).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

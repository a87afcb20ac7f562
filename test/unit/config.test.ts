import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_VARS, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('gives every documented default on an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.privatePgPort).toBe(54329);
    expect(config.regionCode).toBe('33.74');
    expect(config.suppressionK).toBe(10);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads values from the environment', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@h:5432/d', SUPPRESSION_K: '5' });
    expect(config).toMatchObject({ port: 8080, databaseUrl: 'postgres://u@h:5432/d', suppressionK: 5 });
  });

  it.each([
    ['PORT', 'abc', /PORT="abc" is not a whole number/],
    ['PORT', '70000', /PORT=70000 is invalid: .*65535/],
    ['PORT', '0', /PORT=0 is invalid/],
    ['DATABASE_URL', 'mysql://x', /DATABASE_URL="mysql:\/\/x" is invalid/],
    ['REGION_CODE', '3374', /REGION_CODE="3374" is invalid/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL="loud" is invalid/],
    ['SIDAKSOS_PG_PORT', '-1', /SIDAKSOS_PG_PORT=-1 is invalid/],
  ])('rejects %s=%s with one clear message', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '' });
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
  });

  it('documents every variable in the README', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    for (const spec of ENV_VARS) expect(readme, `README lacks ${spec.env}`).toContain(`\`${spec.env}\``);
  });
});

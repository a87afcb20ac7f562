// The layering rules of docs/architecture.md, checked on the source: routes hold no SQL, no audit calls and no
// construction of repositories or services; only the container builds them; layers import one way; there are
// no import cycles; no source file grows past 400 lines. Imports are read with TypeScript's own pre-processor
// (typescript is already a dependency), so comments and strings cannot fool the check the way a regex could.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAX_LINES = 400;

function files(dir: string, exts: readonly string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) out.push(...files(rel, exts));
    else if (exts.some((e) => name.endsWith(e))) out.push(rel);
  }
  return out;
}

const SERVER = files('server', ['.ts']);
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

/** Relative imports of a file, resolved to repository paths (type-only imports included: they couple too). */
function importsOf(rel: string): string[] {
  const info = ts.preProcessFile(read(rel), true, true);
  return info.importedFiles
    .map((f) => f.fileName)
    .filter((f) => f.startsWith('.'))
    .map((f) => path.normalize(path.join(path.dirname(rel), f)));
}

const layer = (rel: string) => rel.split(path.sep)[1] ?? '';

describe('architecture', () => {
  it('keeps SQL, audit calls and construction out of routes', () => {
    const offences: string[] = [];
    for (const rel of SERVER.filter((f) => f.startsWith(`server${path.sep}routes${path.sep}`))) {
      const src = read(rel);
      if (/\bapp\.knex\b|\.knex\(|\.raw\(/.test(src)) offences.push(`${rel}: SQL`);
      if (/\bnew \w+(Repository|Service)\(/.test(src))
        offences.push(`${rel}: constructs a repository or service`);
      if (/\baudit\.append\(|AuditRepository/.test(src)) offences.push(`${rel}: writes audit rows itself`);
      if (/['"](23505|23503|23514|P0001|40001|22P02)['"]/.test(src))
        offences.push(`${rel}: SQLSTATE literal`);
    }
    expect(offences).toEqual([]);
  });

  it('builds repositories only in repositories/index.ts and services only in the container', () => {
    const offences = SERVER.filter((rel) => {
      const src = read(rel);
      const repo =
        /\bnew \w+Repository\(/.test(src) && rel !== path.join('server', 'repositories', 'index.ts');
      const service =
        /\bnew \w+Service\(/.test(src) && rel !== path.join('server', 'services', 'container.ts');
      return repo || service;
    });
    expect(offences).toEqual([]);
  });

  it('imports one way: repositories and domain never import routes, services or importers', () => {
    const upward: Record<string, readonly string[]> = {
      domain: ['routes', 'services', 'repositories', 'imports', 'plugins', 'cli'],
      repositories: ['routes', 'services', 'imports', 'plugins', 'cli'],
      services: ['routes', 'plugins', 'cli'],
    };
    const offences: string[] = [];
    for (const rel of SERVER) {
      const banned = upward[layer(rel)];
      if (!banned) continue;
      for (const dep of importsOf(rel))
        if (dep.startsWith(`server${path.sep}`) && banned.includes(layer(dep)))
          offences.push(`${rel} → ${dep}`);
    }
    expect(offences).toEqual([]);
  });

  it('has no import cycles in server/', () => {
    const graph = new Map(
      SERVER.map((f) => [f, importsOf(f).filter((d) => d.startsWith(`server${path.sep}`))]),
    );
    // Tarjan's strongly connected components: any component of more than one file is a cycle.
    let index = 0;
    const idx = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string) => {
      idx.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!graph.has(w)) continue;
        if (!idx.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
      if (low.get(v) === idx.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1) cycles.push(component.sort());
      }
    };
    for (const v of graph.keys()) if (!idx.has(v)) visit(v);
    expect(cycles).toEqual([]);
  });

  it(`keeps every source file in server/ and web/src/ under ${MAX_LINES} lines`, () => {
    const long = [...SERVER, ...files(path.join('web', 'src'), ['.ts', '.svelte'])]
      .map((rel) => [rel, read(rel).split('\n').length] as const)
      .filter(([, n]) => n > MAX_LINES)
      .map(([rel, n]) => `${rel}: ${n}`);
    expect(long).toEqual([]);
  });
});

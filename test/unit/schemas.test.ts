// The shared schemas (server/schemas) and what the web derives from them: the schemas refuse what the API
// refuses, the web's code lists and role checks are the server's own, and every server module the web bundles
// at runtime is free of Node-only (or any package) imports.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ACCESS_POLICY } from '../../server/auth/access-policy.ts';
import { ROLES, UNMASK_ROLES, type Role } from '../../server/auth/roles.ts';
import { CODE_LISTS, LEAVE_REASONS, codesOf } from '../../server/domain/code-lists.ts';
import * as legacy from '../../server/routes/shared-schemas.ts';
import {
  Codes,
  DownloadLang,
  HouseholdEdit,
  Leave,
  MemberChanges,
  PATTERNS,
  PeriodCode,
  SessionUser,
  StepStatus,
  matches,
} from '../../server/schemas/index.ts';
import { mayOpen, screensFor } from '../../web/src/lib/app/screens.ts';
import {
  AUDIT_ACTIONS,
  DISABILITY_TYPES,
  SEVERITIES,
  STEP_STATUSES,
  codeLabel,
  codeOptions,
  leaveReasonOptions,
} from '../../web/src/lib/types/code-lists.ts';
import type { LeaveReason, SessionUser as WebSessionUser } from '../../web/src/lib/types/api-types.ts';
import { isRole, mayCall, rolesFor } from '../../web/src/lib/types/roles.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('shared schemas', () => {
  it('take a semester period code and refuse a month that does not exist', () => {
    for (const ok of ['2025-07', '2025-01', '2026-12']) expect(Value.Check(PeriodCode, ok)).toBe(true);
    for (const bad of ['2025-13', '2025-00', '2025-7', '25-07', '2025-07x', ''])
      expect(Value.Check(PeriodCode, bad), bad).toBe(false);
    expect(matches('period', '2025-07')).toBe(true);
    expect(matches('period', '2025-13')).toBe(false);
  });

  it('build a code field exactly as the routes built it inline (a drop-in replacement)', () => {
    expect(Codes('lighting')).toEqual(Type.Union(codesOf('lighting').map((c) => Type.Literal(c))));
    expect(Value.Check(Codes('relation'), 'anak')).toBe(true);
    expect(Value.Check(Codes('relation'), 'cousin')).toBe(false);
    expectTypeOf<Static<typeof StepStatus>>().toEqualTypeOf<'planned' | 'ongoing' | 'done' | 'cancelled'>();
  });

  it('refuse an edit with no change, an unknown field or an unknown disability code', () => {
    const edit = { version: 3, period: '2025-07', changes: { desil: 2, lighting: 'pln_450' } };
    expect(Value.Check(HouseholdEdit, edit)).toBe(true);
    expect(Value.Check(HouseholdEdit, { ...edit, changes: {} })).toBe(false);
    expect(Value.Check(HouseholdEdit, { ...edit, changes: { colour: 'red' } })).toBe(false);
    expect(Value.Check(HouseholdEdit, { ...edit, changes: { desil: 11 } })).toBe(false);
    expect(Value.Check(HouseholdEdit, { ...edit, version: 0 })).toBe(false);
    const member = { changes: { disabilities: [{ type: 'fisik', severity: 'berat' }] } };
    expect(Value.Check(MemberChanges, member.changes)).toBe(true);
    expect(Value.Check(MemberChanges, { disabilities: [{ type: 'flu', severity: 'berat' }] })).toBe(false);
  });

  it('still reach the routes through routes/shared-schemas.ts', () => {
    expect(legacy.PeriodCode).toBe(PeriodCode);
    expect(legacy.DownloadLang).toBe(DownloadLang);
    expect(Value.Check(Type.Object({ lang: DownloadLang }), { lang: 'fr' })).toBe(false);
  });

  it('give the web the role type of the server, not a string', () => {
    expectTypeOf<WebSessionUser['role']>().toEqualTypeOf<Role>();
    expect(SessionUser.properties.role.enum).toEqual(ROLES);
  });
});

describe("the web's code lists", () => {
  it.each(Object.keys(CODE_LISTS) as Array<keyof typeof CODE_LISTS>)(
    '%s: the options are the server list, in order, labelled in both languages',
    (list) => {
      for (const lang of ['id', 'en'] as const)
        expect(codeOptions(list, lang)).toEqual(
          CODE_LISTS[list].map((c) => ({ value: c.code, label: c[lang] })),
        );
    },
  );

  it('are the lists the forms and filters need', () => {
    expect(DISABILITY_TYPES).toEqual(CODE_LISTS.disabilityType.map((c) => c.code));
    expect(SEVERITIES).toEqual(['ringan', 'sedang', 'berat']);
    expect(STEP_STATUSES).toEqual(['planned', 'ongoing', 'done', 'cancelled']);
    expect(AUDIT_ACTIONS).toEqual(CODE_LISTS.auditAction.map((c) => c.code));
  });

  it('offer the leave reasons the API takes, labelled as household statuses', () => {
    expect(Leave.properties.reason.anyOf.map((s) => s.const)).toEqual([...LEAVE_REASONS]);
    expect(LEAVE_REASONS.every((r) => codesOf('householdStatus').includes(r))).toBe(true);
    expect(leaveReasonOptions('en')).toEqual([
      { value: 'moved_out', label: 'Moved out' },
      { value: 'died', label: 'Died' },
      { value: 'not_eligible', label: 'No longer eligible' },
    ]);
    expectTypeOf<LeaveReason>().toEqualTypeOf<'moved_out' | 'died' | 'not_eligible'>();
  });

  it('label a code in either language and fall back to the code itself', () => {
    expect(codeLabel('stepStatus', 'done', 'id')).toBe('Selesai');
    expect(codeLabel('ppks', 'fakir_miskin', 'en')).toBe('Poor');
    expect(codeLabel('need', 'pangan', 'en')).toBe('Food');
    expect(codeLabel('relation', 'no_such_code', 'en')).toBe('no_such_code');
  });
});

describe("the web's role checks", () => {
  it('know the roles the server knows', () => {
    expect(ROLES).toEqual(CODE_LISTS.role.map((c) => c.code));
    expect(UNMASK_ROLES.every((r) => ROLES.includes(r))).toBe(true);
    expect(isRole('planner')).toBe(true);
    expect(isRole('root')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });

  it('open the screens the API allows each role, read from the access policy', () => {
    expect(screensFor('admin')).toEqual([
      'map',
      'records',
      'proposals',
      'fieldwork',
      'steps',
      'targeting',
      'changes',
      'imports',
      'programs',
      'periods',
      'boundaries',
      'users',
      'audit',
      'tokens',
    ]);
    expect(screensFor('planner')).toEqual([
      'map',
      'records',
      'fieldwork',
      'steps',
      'targeting',
      'changes',
      'tokens',
    ]);
    expect(screensFor('opd')).toEqual(['map', 'steps', 'targeting', 'changes', 'tokens']);
    expect(screensFor('operator')).toEqual([
      'map',
      'records',
      'proposals',
      'fieldwork',
      'steps',
      'changes',
      'imports',
      'tokens',
    ]);
    expect(screensFor(undefined)).toEqual(['map']);
    expect(screensFor('root')).toEqual(['map']);
    expect(mayOpen('login', undefined)).toBe(true);
    expect(mayOpen('login', 'admin')).toBe(false);
  });

  it('answer each route for each role exactly as the access policy does', () => {
    for (const [route, access] of Object.entries(ACCESS_POLICY)) {
      const expected = access === 'public' || access === 'authenticated' ? [...ROLES] : [...access];
      expect(rolesFor(route).sort(), route).toEqual(expected.sort());
      expect(mayCall(route, undefined), route).toBe(access === 'public');
    }
    expect(() => mayCall('GET /api/v1/no-such-route', 'admin')).toThrow(/no access policy/);
  });
});

// The web bundles some server modules at runtime (code lists, roles, the access policy, patterns). Vite would
// bundle anything, but a Node built-in or a server package there breaks the browser build or bloats it: every
// such module, and everything it imports, must import nothing but types and other such modules.
const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\s)([^'";]*?)\s*from\s+'([^']+)'/gm;

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const [, what, from] of source.matchAll(RUNTIME_IMPORT)) {
    const names = /^\{([\s\S]*)\}$/.exec(what!.trim())?.[1];
    const allTypes =
      names !== undefined &&
      names
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '));
    if (!allTypes) out.push(from!);
  }
  return out;
}

function webSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return webSources(full);
    return /\.(ts|svelte)$/.test(e.name) ? [full] : [];
  });
}

describe('server modules in the web bundle', () => {
  it('import no packages and no Node built-ins, directly or through each other', () => {
    const server = path.join(root, 'server') + path.sep;
    const seen = new Set<string>();
    const pending = webSources(path.join(root, 'web/src')).flatMap((f) =>
      runtimeImports(f)
        .filter((spec) => spec.startsWith('.'))
        .map((spec) => path.resolve(path.dirname(f), spec))
        .filter((p) => p.startsWith(server)),
    );
    expect(pending.length).toBeGreaterThan(0);
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of runtimeImports(file)) {
        expect(spec.startsWith('.'), `${path.relative(root, file)} imports '${spec}' at runtime`).toBe(true);
        pending.push(path.resolve(path.dirname(file), spec));
      }
    }
    expect([...seen].map((f) => path.relative(root, f)).sort()).toEqual(
      expect.arrayContaining([
        'server/auth/access-policy.ts',
        'server/auth/roles.ts',
        'server/schemas/patterns.ts',
      ]),
    );
  });

  it('use the same patterns as the API schemas', () => {
    expect(PeriodCode.pattern).toBe(PATTERNS.period);
  });
});

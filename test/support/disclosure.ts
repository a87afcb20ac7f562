// The attacker's side of suppression: which suppressed cells of an additive hierarchy can be worked out from
// the published ones? Exact reasoning by Gaussian elimination over "parent = sum of children" relations.
//
// `disclosedCells` attacks one measure. `attack` attacks everything the public can see at once: every
// measure at every level, merged over every response that shows it, plus each measure's difference to its
// denominator (denominator − measure is additive too, and known wherever both are known). It answers with
// every figure the attacker knows — published, or pinned down by the relations — so a test can ask that
// none is below k.

export interface Cell {
  code: string;
  parent: string | null;
}

export function disclosedCells(cells: readonly Cell[], suppressed: ReadonlySet<string>): string[] {
  const unknown = [...suppressed];
  const col = new Map(unknown.map((c, i) => [c, i]));
  const rows: number[][] = [];
  for (const parent of cells) {
    const kids = cells.filter((c) => c.parent === parent.code);
    if (kids.length === 0) continue;
    const row = new Array<number>(unknown.length).fill(0);
    if (col.has(parent.code)) row[col.get(parent.code)!] = 1;
    for (const k of kids) if (col.has(k.code)) row[col.get(k.code)!] = -1;
    if (row.some((v) => v !== 0)) rows.push(row);
  }
  const m = rows.map((r) => [...r]);
  let r = 0;
  for (let lead = 0; r < m.length && lead < unknown.length; lead++) {
    const pivot = m.findIndex((row, i) => i >= r && Math.abs(row[lead]!) > 1e-9);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const pv = m[r]![lead]!;
    m[r] = m[r]!.map((v) => v / pv);
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const f = m[i]![lead]!;
      if (Math.abs(f) > 1e-9) m[i] = m[i]!.map((v, j) => v - f * m[r]![j]!);
    }
    r++;
  }
  // A variable is determined iff some reduced row has exactly one non-zero entry.
  return m
    .filter((row) => row.filter((v) => Math.abs(v) > 1e-9).length === 1)
    .map((row) => unknown[row.findIndex((v) => Math.abs(v) > 1e-9)]!);
}

export interface PublicKnowledge {
  cells: readonly Cell[];
  /** measure → area code → published value; null or absent: not published (by any response). */
  published: ReadonlyMap<string, ReadonlyMap<string, number | null>>;
  /** [measure, denominator] pairs whose difference the attacker also reasons about. */
  complements: ReadonlyArray<readonly [string, string]>;
}

export interface KnownFigure {
  /** A measure, or `denominator−measure` for a complement. */
  figure: string;
  code: string;
  value: number;
  /** True when the value was not published but worked out from the published ones. */
  derived: boolean;
}

const EPS = 1e-9;
type Row = { coef: Map<number, number>; rhs: number };

/** Every figure the attacker knows: published ones, and unpublished ones the published ones pin down. */
export function attack(p: PublicKnowledge): KnownFigure[] {
  const figures = [...p.published.keys()];
  const comps = p.complements
    .filter(([m, d]) => p.published.has(m) && p.published.has(d))
    .map(([m, d]) => ({ name: `${d}−${m}`, measure: m, denominator: d }));
  const value = new Map<string, number>(); // `${figure}|${code}` → value, for everything known
  const unknownIndex = new Map<string, number>();
  const unknownName: string[] = [];
  const id = (f: string, code: string) => `${f}|${code}`;
  const known = (f: string, code: string) => p.published.get(f)?.get(code);
  for (const f of figures)
    for (const c of p.cells) {
      const v = known(f, c.code);
      if (v === null || v === undefined) {
        unknownIndex.set(id(f, c.code), unknownName.length);
        unknownName.push(id(f, c.code));
      } else value.set(id(f, c.code), v);
    }
  for (const c of comps)
    for (const cell of p.cells) {
      const m = known(c.measure, cell.code);
      const d = known(c.denominator, cell.code);
      if (m !== null && m !== undefined && d !== null && d !== undefined)
        value.set(id(c.name, cell.code), d - m);
      else {
        unknownIndex.set(id(c.name, cell.code), unknownName.length);
        unknownName.push(id(c.name, cell.code));
      }
    }
  const publishedKeys = new Set(value.keys());

  // One linear equation Σ coef·x = 0 over figures; known figures move to the right-hand side.
  const equation = (terms: Array<[string, number]>): Row | undefined => {
    const row: Row = { coef: new Map(), rhs: 0 };
    for (const [key, a] of terms) {
      const i = unknownIndex.get(key);
      if (i === undefined) row.rhs -= a * value.get(key)!;
      else row.coef.set(i, (row.coef.get(i) ?? 0) + a);
    }
    return row.coef.size > 0 ? row : undefined;
  };
  const equations: Row[] = [];
  const children = new Map<string, string[]>();
  for (const c of p.cells)
    if (c.parent !== null) children.set(c.parent, [...(children.get(c.parent) ?? []), c.code]);
  for (const f of [...figures, ...comps.map((c) => c.name)])
    for (const [parent, kids] of children) {
      const e = equation([[id(f, parent), 1], ...kids.map((k): [string, number] => [id(f, k), -1])]);
      if (e) equations.push(e);
    }
  for (const c of comps)
    for (const cell of p.cells) {
      const e = equation([
        [id(c.name, cell.code), 1],
        [id(c.denominator, cell.code), -1],
        [id(c.measure, cell.code), 1],
      ]);
      if (e) equations.push(e);
    }

  // Gauss–Jordan, one equation at a time: pivot rows stay fully reduced against each other.
  const pivots = new Map<number, Row>();
  for (const eq of equations) {
    const row: Row = { coef: new Map(eq.coef), rhs: eq.rhs };
    for (const [i, a] of [...row.coef]) {
      const pr = pivots.get(i);
      if (!pr || !row.coef.has(i)) continue;
      const f = row.coef.get(i) ?? a;
      for (const [j, b] of pr.coef) {
        const v = (row.coef.get(j) ?? 0) - f * b;
        if (Math.abs(v) < EPS) row.coef.delete(j);
        else row.coef.set(j, v);
      }
      row.rhs -= f * pr.rhs;
    }
    if (row.coef.size === 0) continue; // implied by the others
    const [lead, lv] = [...row.coef].sort(([a], [b]) => a - b)[0]!;
    for (const [j, v] of row.coef) row.coef.set(j, v / lv);
    row.rhs /= lv;
    for (const other of pivots.values()) {
      const f = other.coef.get(lead);
      if (f === undefined) continue;
      for (const [j, b] of row.coef) {
        const v = (other.coef.get(j) ?? 0) - f * b;
        if (Math.abs(v) < EPS) other.coef.delete(j);
        else other.coef.set(j, v);
      }
      other.rhs -= f * row.rhs;
    }
    pivots.set(lead, row);
  }
  // A variable is determined iff its reduced row has no other variable left.
  for (const [lead, row] of pivots)
    if (row.coef.size === 1) value.set(unknownName[lead]!, Math.round(row.rhs * 1e6) / 1e6);

  return [...value.entries()].map(([key, v]) => {
    const [figure, code] = key.split('|') as [string, string];
    return { figure, code, value: v, derived: !publishedKeys.has(key) };
  });
}

/** The figures an attacker knows that count between 1 and k − 1 people or households. */
export function smallKnownFigures(p: PublicKnowledge, k: number): KnownFigure[] {
  return attack(p).filter((f) => f.value > 0 && f.value < k);
}

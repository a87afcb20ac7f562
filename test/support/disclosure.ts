// The attacker's side of suppression: which suppressed cells of an additive hierarchy can be worked out from
// the published ones? Exact reasoning by Gaussian elimination over "parent = sum of children" relations.

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

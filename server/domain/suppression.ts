// Small-cell suppression for public aggregates over an additive hierarchy (city → kecamatan → kelurahan).
//
// Primary: a count of 1 … k−1 is hidden (0 is not: it discloses nobody). So is a count whose complement — its
// difference to a count it is part of, such as registered − poor — is 1 … k−1: publishing both would publish
// the difference, which singles out as few people as a small count does. Complementary: every additive
// relation "parent = sum of children" must end with either no hidden cell or at least two, otherwise the one
// hidden cell is a subtraction away. Hiding a cell can break the relation below it (its children all shown →
// it is their sum) or above it, so the rule is applied until nothing changes. As complementary cells, the
// smallest shown cells are chosen: they carry the least information. A complement needs no relation of its
// own: it is known only where both counts are, and a hidden count keeps it hidden by the same relations.

export interface HierarchyCell {
  code: string;
  /** The cell this one sums into (null for the top). */
  parent: string | null;
  count: number;
  /** Denominator − count for each count this one is a part of: small ones make the cell primary too. */
  complements?: readonly number[];
}

export interface SuppressionResult {
  /** Codes whose count must not be published. */
  suppressed: Set<string>;
  /** Codes hidden for their own count or a complement, before complementary suppression. */
  primary: Set<string>;
}

export function suppressCounts(cells: readonly HierarchyCell[], k: number): SuppressionResult {
  const byCode = new Map(cells.map((c) => [c.code, c]));
  const children = new Map<string, HierarchyCell[]>();
  for (const c of cells) {
    if (c.parent !== null && byCode.has(c.parent)) {
      children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
    }
  }
  const small = (n: number) => n > 0 && n < k;
  const primary = new Set(
    cells.filter((c) => small(c.count) || (c.complements ?? []).some(small)).map((c) => c.code),
  );
  const suppressed = new Set(primary);
  const smallestShown = (list: HierarchyCell[]) =>
    list
      .filter((c) => !suppressed.has(c.code))
      .sort((a, b) => a.count - b.count || a.code.localeCompare(b.code))[0];

  let changed = true;
  while (changed) {
    changed = false;
    for (const [parentCode, kids] of children) {
      const parentHidden = suppressed.has(parentCode);
      const hiddenKids = kids.filter((c) => suppressed.has(c.code)).length;
      const unknowns = hiddenKids + (parentHidden ? 1 : 0);
      if (unknowns !== 1) continue;
      // One unknown in "parent = Σ children": hide another member of the relation.
      const pick = smallestShown(kids) ?? (parentHidden ? undefined : byCode.get(parentCode));
      if (pick) {
        suppressed.add(pick.code);
      } else {
        // A hidden parent whose children are all hidden already cannot happen here (unknowns would be > 1);
        // a hidden only child with its parent shown: hide the parent.
        suppressed.add(parentCode);
      }
      changed = true;
    }
  }
  return { suppressed, primary };
}

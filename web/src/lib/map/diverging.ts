// Change maps: classes symmetric about zero, with "no change" a class of its own, coloured so it is told apart
// from no data (dotted white) and from the palette's light middle. Breaks come from the chosen method over the
// sizes of the changes (both signs together), mirrored, so +5 and −5 fall in classes of the same depth.
import { schemeRdBu } from 'd3-scale-chromatic';
import { classOf, honestThresholds, type Classification, type Method } from './classify';

/** "No change": a warm light grey, unlike the white of no data and the grey of suppressed cells. */
export const NO_CHANGE_COLOR = '#e6dcc3';

export function divergingClassification(
  values: readonly number[],
  method: Method,
  classes: number,
  integer = false,
): Classification {
  const v = values.filter((x) => Number.isFinite(x));
  // Half a unit for counts (−0.5 < 0 < 0.5); a rounding error for rates.
  const eps = integer ? 0.5 : 1e-9;
  const sizes = v.map(Math.abs).filter((x) => x >= eps);
  const perSide = Math.max(1, Math.floor((classes - 1) / 2));
  // perSide classes on each side need perSide − 1 breaks among the sizes (the first break is eps).
  let outer = sizes.length ? honestThresholds(sizes, method, perSide).filter((t) => t > eps) : [];
  // Counts: breaks between whole numbers, so each class is a range of whole changes (1 – 3, ≥ 4).
  if (integer) outer = [...new Set(outer.map((t) => Math.ceil(t) - 0.5))].filter((t) => t > eps);
  const side = [eps, ...outer.slice(0, perSide - 1)];
  const thresholds = [...side.map((t) => -t).reverse(), ...side];
  const n = side.length;
  // RdBu with 2n+1 classes, reversed so that increases (worse) are red; the middle is "no change".
  const k = Math.min(11, Math.max(3, 2 * n + 1));
  const scheme = [...schemeRdBu[k]!].reverse();
  const colors = [...scheme.slice(0, n), NO_CHANGE_COLOR, ...scheme.slice(k - n)];
  const counts = new Array<number>(colors.length).fill(0);
  for (const x of v) counts[classOf(x, thresholds)]! += 1;
  return { thresholds, colors, counts, integer, diverging: true };
}

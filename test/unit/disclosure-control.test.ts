// The one public path: roll-up over the area hierarchy, suppression of every measure and of its complement to
// its denominator, then a level cut out. The attacker (test/support/disclosure.ts) gets every level of every
// measure and each difference measure − denominator, and must find nothing between 1 and k − 1.
import { describe, expect, it } from 'vitest';
import {
  areaHierarchy,
  publish,
  rollUp,
  suppressedAreas,
  type AreaNode,
  type Counts,
} from '../../server/domain/disclosure-control.ts';
import { denominatorsOf } from '../../server/domain/indicators.ts';
import { suppressCounts } from '../../server/domain/suppression.ts';
import { createRandom } from '../../server/lib/random.ts';
import { attack, smallKnownFigures, type PublicKnowledge } from '../support/disclosure.ts';

const K = 10;

/** A city of kecamatan K0 … with kelurahan K0.1 …, each kelurahan with the given counts. */
function city(kel: Record<string, Counts[]>) {
  const areas = Object.entries(kel).flatMap(([kec, list]) => [
    { code: kec, name: kec, level: 'kecamatan' as const, parent_code: null },
    ...list.map((_, i) => ({
      code: `${kec}.${i + 1}`,
      name: `${kec}.${i + 1}`,
      level: 'kelurahan' as const,
      parent_code: kec,
    })),
  ]);
  const hierarchy = areaHierarchy({ code: 'C', name: 'City' }, areas);
  const leaves = Object.entries(kel).flatMap(([kec, list]) =>
    list.map((counts, i) => ({ code: `${kec}.${i + 1}`, counts })),
  );
  return { hierarchy, totals: rollUp(hierarchy, leaves) };
}

/** What the public learns from publish() at every level, as the attacker's knowledge. */
function knowledge(
  hierarchy: AreaNode[],
  totals: ReturnType<typeof rollUp>,
  keys: string[],
  k: number | undefined,
) {
  const published = new Map(keys.map((key) => [key, new Map<string, number | null>()]));
  for (const level of ['kelurahan', 'kecamatan', 'city'] as const)
    for (const a of publish(totals, keys, level, k))
      for (const key of keys) published.get(key)!.set(a.code, a.counts[key] ?? null);
  const p: PublicKnowledge = {
    cells: hierarchy.map((a) => ({ code: a.code, parent: a.parent })),
    published,
    complements: keys.flatMap((m) => denominatorsOf(m).map((d) => [m, d] as const)),
  };
  return p;
}

describe('the public path (roll-up and suppression over the area hierarchy)', () => {
  it('sums kelurahan counts into kecamatan and city, in code order, ignoring areas it does not know', () => {
    const { totals } = city({ B: [{ poor: 2 }, { poor: 3, households: 4 }], A: [{ poor: 5 }] });
    expect([...totals.keys()]).toEqual(['A', 'A.1', 'B', 'B.1', 'B.2', 'C']);
    expect(totals.get('B')!.counts).toEqual({ poor: 5, households: 4 });
    expect(totals.get('C')!.counts).toEqual({ poor: 10, households: 4 });
    expect(totals.get('C')!.parent).toBeNull();
    expect(totals.get('A')!.parent).toBe('C');
    const stray = rollUp(city({ A: [{ poor: 1 }] }).hierarchy, [{ code: 'X.9', counts: { poor: 7 } }]);
    expect(stray.get('C')!.counts).toEqual({});
  });

  it('hides a count whose difference to its denominator is small, and protects it by a complementary cell', () => {
    // A.1: 12 registered, 10 poor — publishing both would say that exactly two households are not poor.
    const { totals } = city({
      A: [
        { households: 12, poor: 10 },
        { households: 40, poor: 15 },
        { households: 30, poor: 12 },
      ],
      B: [
        { households: 50, poor: 20 },
        { households: 60, poor: 30 },
      ],
    });
    const hidden = suppressedAreas(totals, ['poor', 'households'], K);
    expect([...hidden.get('poor')!].sort()).toEqual(['A.1', 'A.3']);
    expect(hidden.get('households')!.size).toBe(0);
    const kel = publish(totals, ['households', 'poor'], 'kelurahan', K);
    expect(kel.find((a) => a.code === 'A.1')).toMatchObject({
      counts: { households: 12, poor: null },
      hidden: ['poor'],
    });
    // Staff see everything.
    expect(publish(totals, ['poor'], 'kelurahan').every((a) => a.hidden.length === 0)).toBe(true);
  });

  it('decides a measure’s cells from that measure alone, whatever else is asked', () => {
    const { totals } = city({
      A: [
        { households: 12, poor: 10, unverified: 3 },
        { households: 40, poor: 15 },
      ],
    });
    const alone = suppressedAreas(totals, ['poor'], K).get('poor');
    const withOthers = suppressedAreas(totals, ['unverified', 'households', 'poor'], K).get('poor');
    expect(withOthers).toEqual(alone);
  });

  it('the attack finds the complement when only the counts themselves are protected', () => {
    const { hierarchy, totals } = city({
      A: [
        { households: 12, poor: 10 },
        { households: 40, poor: 15 },
      ],
      B: [{ households: 50, poor: 20 }],
    });
    // Suppression as it was before complements: each count on its own.
    const published = new Map(
      ['households', 'poor'].map((key) => {
        const hidden = suppressCounts(
          [...totals.values()].map((a) => ({ code: a.code, parent: a.parent, count: a.counts[key] ?? 0 })),
          K,
        ).suppressed;
        return [
          key,
          new Map([...totals.values()].map((a) => [a.code, hidden.has(a.code) ? null : a.counts[key]!])),
        ];
      }),
    );
    const p = { ...knowledge(hierarchy, totals, ['households', 'poor'], K), published };
    expect(smallKnownFigures(p, K)).toEqual([
      { figure: 'households−poor', code: 'A.1', value: 2, derived: false },
    ]);
    // And the attacker works hidden cells out whenever one relation has a single unknown.
    const leaky = {
      ...p,
      published: new Map([
        [
          'poor',
          new Map([
            ['C', 45],
            ['A', 25],
            ['B', 20],
            ['A.1', null],
            ['A.2', 15],
            ['B.1', 20],
          ]),
        ],
      ]),
    };
    expect(attack(leaky).find((f) => f.code === 'A.1')).toEqual({
      figure: 'poor',
      code: 'A.1',
      value: 10,
      derived: true,
    });
  });

  it('leaves nothing below k to an attacker with every level, every measure and every difference (random cities)', () => {
    const rng = createRandom(1515);
    const small = () => (rng.chance(0.3) ? rng.int(0, 9) : rng.int(10, 60));
    for (let trial = 0; trial < 150; trial++) {
      const kel: Record<string, Counts[]> = {};
      for (let k = 0; k < rng.int(2, 6); k++) {
        kel[`K${k}`] = Array.from({ length: rng.int(1, 7) }, () => {
          const households = small();
          // Often nearly everyone poor, so that the complement (not poor) is the small count.
          const poor = rng.chance(0.4) ? Math.max(0, households - rng.int(0, 12)) : rng.int(0, households);
          const unverified = rng.int(0, households);
          return { households, poor, unverified, entered: small(), died: rng.int(0, 3) };
        });
      }
      const { hierarchy, totals } = city(kel);
      const keys = ['households', 'poor', 'unverified', 'entered', 'died'];
      const found = smallKnownFigures(knowledge(hierarchy, totals, keys, K), K);
      expect(found, JSON.stringify(kel)).toEqual([]);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { CODE_LISTS, NEED_CATEGORIES, PPKS_CATEGORIES, type Code } from '../../server/domain/code-lists.ts';

const lists: Array<[string, readonly Code[]]> = [
  ...Object.entries(CODE_LISTS),
  ['ppks', PPKS_CATEGORIES],
  ['needs', NEED_CATEGORIES],
];

describe('code lists', () => {
  it.each(lists)('%s has unique codes and labels in both languages', (_name, list) => {
    const codes = list.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of list) {
      expect(c.code).toMatch(/^[A-Za-z0-9_]+$/);
      expect(c.id.length).toBeGreaterThan(0);
      expect(c.en.length).toBeGreaterThan(0);
    }
  });

  it('has the 26 PPKS categories of Permensos 8/2012', () => {
    expect(PPKS_CATEGORIES).toHaveLength(26);
  });

  it('has the UU 8/2016 disability types', () => {
    const types = CODE_LISTS.disabilityType.map((c) => c.code);
    expect(types).toEqual(expect.arrayContaining(['fisik', 'intelektual', 'mental', 'ganda']));
    expect(types.filter((t) => t.startsWith('sensorik_'))).toHaveLength(3);
  });
});

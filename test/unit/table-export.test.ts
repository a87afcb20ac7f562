import { describe, expect, it } from 'vitest';
import { toCsv } from '../../web/src/lib/table-export.ts';

describe('toCsv', () => {
  it('quotes every cell, doubles quotes, neutralises formulas, keeps negative numbers', () => {
    const csv = toCsv(
      ['a', 'b'],
      [
        ['Kel. "X"', '=1+1'],
        ['@cmd', -3.5],
        ['-x', ''],
      ],
    );
    expect(csv).toBe('\uFEFF"a","b"\r\n"Kel. ""X""","\'=1+1"\r\n"\'@cmd","-3.5"\r\n"\'-x",""\r\n');
  });
});

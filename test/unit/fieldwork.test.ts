// The Verivali screen's pure parts: the progress table's filter and sort (names, figures, a share that does not
// exist yet), which form field an API refusal is about, and the screen's place in the URL.
import { describe, expect, it } from 'vitest';
import { assignFieldOf } from '../../web/src/lib/fieldwork/assign-problem.ts';
import { fieldworkParam, parseFieldworkParam } from '../../web/src/lib/fieldwork/fieldwork-route.ts';
import type { ProgressRow } from '../../web/src/lib/fieldwork/fieldwork-types.ts';
import { visibleRows, type RowChoice } from '../../web/src/lib/fieldwork/progress-rows.ts';

const row = (
  code: string,
  name: string,
  kecamatan: string,
  assigned: number,
  verified: number,
): ProgressRow => ({
  code,
  name,
  kecamatan,
  households: 100,
  assigned,
  visited: verified,
  verified,
  verifiedShare: assigned ? verified / assigned : null,
  overdue: assigned - verified,
});
const ROWS = [
  row('33.74.02.1008', 'Tanjung Mas', 'Semarang Utara', 10, 5),
  row('33.74.02.1009', 'Bandarharjo', 'Semarang Utara', 0, 0),
  row('33.74.01.1001', 'Pekunden', 'Semarang Tengah', 4, 4),
  row('33.74.03.1002', 'Rejosari', 'Semarang Timur', 8, 1),
];
const choice = (c: Partial<RowChoice> = {}): RowChoice => ({
  filter: '',
  onlyAssigned: false,
  sort: 'kecamatan',
  descending: false,
  ...c,
});
const codes = (c: Partial<RowChoice>) => visibleRows(ROWS, choice(c)).map((r) => r.name);

describe('the progress table rows', () => {
  it('sorts by kecamatan, then kelurahan name, and either way round', () => {
    expect(codes({})).toEqual(['Pekunden', 'Rejosari', 'Bandarharjo', 'Tanjung Mas']);
    expect(codes({ descending: true })).toEqual(['Tanjung Mas', 'Bandarharjo', 'Rejosari', 'Pekunden']);
    expect(codes({ sort: 'name' })).toEqual(['Bandarharjo', 'Pekunden', 'Rejosari', 'Tanjung Mas']);
  });

  it('sorts by a figure, a share not there yet below every real one', () => {
    expect(codes({ sort: 'assigned', descending: true })).toEqual([
      'Tanjung Mas',
      'Rejosari',
      'Pekunden',
      'Bandarharjo',
    ]);
    expect(codes({ sort: 'verifiedShare', descending: true })).toEqual([
      'Pekunden',
      'Tanjung Mas',
      'Rejosari',
      'Bandarharjo',
    ]);
    expect(codes({ sort: 'verifiedShare' })[0]).toBe('Bandarharjo');
  });

  it('finds rows by every word typed, in the kelurahan or kecamatan name, ignoring case and accents', () => {
    expect(codes({ filter: 'utara' })).toEqual(['Bandarharjo', 'Tanjung Mas']);
    expect(codes({ filter: 'TANJUNG utara' })).toEqual(['Tanjung Mas']);
    expect(codes({ filter: 'réjo' })).toEqual(['Rejosari']);
    expect(codes({ filter: 'nowhere' })).toEqual([]);
  });

  it('keeps only kelurahan with assignments when asked', () => {
    expect(codes({ onlyAssigned: true, filter: 'utara' })).toEqual(['Tanjung Mas']);
  });
});

describe('the field an assign refusal is about', () => {
  it('reads the service’s field and the schema’s path', () => {
    expect(assignFieldOf({ type: '/api/v1/problems/bad-request', field: 'dueDate' })).toBe('dueDate');
    expect(assignFieldOf({ field: 'verifierId' })).toBe('verifierId');
    expect(assignFieldOf({ params: { field: 'rw.3' } })).toBe('rw');
    expect(assignFieldOf({ params: { field: 'dueDate' } })).toBe('dueDate');
    expect(assignFieldOf({ params: { field: 'kelurahan' } })).toBe('rw');
  });

  it('names no field for a refusal about the whole request', () => {
    expect(assignFieldOf({ detail: 'Period finalized' })).toBeUndefined();
    expect(assignFieldOf({ params: { field: 'polygon' } })).toBeUndefined();
    expect(assignFieldOf(undefined)).toBeUndefined();
    expect(assignFieldOf('text')).toBeUndefined();
  });
});

describe('the fieldwork screen in the URL', () => {
  it('reads the kelurahan and a chosen period, and writes them back the same way', () => {
    expect(parseFieldworkParam('')).toEqual({ kelurahan: '', period: '' });
    expect(parseFieldworkParam('33.74.02.1008')).toEqual({ kelurahan: '33.74.02.1008', period: '' });
    expect(parseFieldworkParam('33.74.02.1008@2025-07')).toEqual({
      kelurahan: '33.74.02.1008',
      period: '2025-07',
    });
    expect(parseFieldworkParam('@2025-07')).toEqual({ kelurahan: '', period: '2025-07' });
    // Not a period: the default one is shown.
    expect(parseFieldworkParam('33.74.02.1008@2025-13')).toEqual({ kelurahan: '33.74.02.1008', period: '' });
    for (const place of [
      { kelurahan: '33.74.02.1008', period: '' },
      { kelurahan: '33.74.02.1008', period: '2025-07' },
      { kelurahan: '', period: '2025-07' },
    ])
      expect(parseFieldworkParam(fieldworkParam(place))).toEqual(place);
  });
});

import { describe, expect, it } from 'vitest';
import { mergeReports } from '../support/merge-reports.ts';

describe('merging the two test processes’ reports', () => {
  it('sums the counters and keeps every file', () => {
    const merged = mergeReports([
      { success: true, numPassedTests: 3, numFailedTests: 0, startTime: 20, testResults: [{ name: 'a' }] },
      {
        success: false,
        numPassedTests: 2,
        numFailedTests: 1,
        numPendingTests: 1,
        startTime: 10,
        testResults: [{ name: 'b' }, { name: 'c' }],
      },
    ]);
    expect(merged).toMatchObject({
      success: false,
      numPassedTests: 5,
      numFailedTests: 1,
      numPendingTests: 1,
      startTime: 10,
    });
    expect(merged.testResults).toHaveLength(3);
  });

  it('calls a run without one of its reports unsuccessful', () => {
    const merged = mergeReports([{ success: true, numPassedTests: 4, testResults: [] }, null]);
    expect(merged.success).toBe(false);
    expect(merged.numPassedTests).toBe(4);
  });
});

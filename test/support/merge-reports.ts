// Vitest's JSON reports of the two processes `npm test` runs (test/support/run-all.ts), merged into the one
// .ci/run counts from.

export interface Report {
  success?: boolean;
  testResults?: unknown[];
  [key: string]: unknown;
}

/** Sums the counters (num…), concatenates the files' results; a missing report makes the run unsuccessful. */
export function mergeReports(reports: (Report | null)[]): Report {
  const merged: Report = { success: true, testResults: [] };
  for (const r of reports) {
    if (!r) {
      merged.success = false;
      continue;
    }
    for (const [key, value] of Object.entries(r)) {
      if (key.startsWith('num') && typeof value === 'number')
        merged[key] = ((merged[key] as number | undefined) ?? 0) + value;
    }
    if (typeof r.startTime === 'number')
      merged.startTime = Math.min((merged.startTime as number | undefined) ?? r.startTime, r.startTime);
    merged.success = merged.success && r.success === true;
    merged.testResults = [...(merged.testResults ?? []), ...(r.testResults ?? [])];
  }
  return merged;
}

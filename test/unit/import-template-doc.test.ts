// docs/import-template.md lists exactly the template's columns with their required flags.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ENROLMENT_COLUMNS, HOUSEHOLD_COLUMNS } from '../../server/imports/households/household-template.ts';

describe('docs/import-template.md', () => {
  it.each([
    ['households', HOUSEHOLD_COLUMNS],
    ['enrolments', ENROLMENT_COLUMNS],
  ] as const)('documents every %s column and whether it is required', async (_kind, columns) => {
    const doc = await readFile(new URL('../../docs/import-template.md', import.meta.url), 'utf8');
    // Table cells may be padded (prettier aligns the columns).
    for (const c of columns)
      expect(doc, c.name).toMatch(
        new RegExp(`\\|\\s*\`${c.name}\`\\s*\\|\\s*${c.required ? 'yes' : 'no'}\\s*\\|\\s*${c.level}\\s*\\|`),
      );
  });
});

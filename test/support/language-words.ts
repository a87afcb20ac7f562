// Words that belong to one language only, taken from the product's own catalogues (the server's messages and
// every plain string module of the web app): a word used in some Indonesian text and in no English text is
// Indonesian, and the other way round. A file meant for English readers that holds an Indonesian-only word (or
// the reverse) has let the other language through, unless the word is part of a proper name (a place, a
// program, a synthetic person or street), which reads the same in both languages.
import { MESSAGES_EN } from '../../server/i18n/messages.en.ts';
import { MESSAGES_ID } from '../../server/i18n/messages.id.ts';
import { FEMALE_NAMES, MALE_NAMES, SECOND_NAMES, STREETS } from '../../server/demo/names.ts';
import { SCREEN_EN, SCREEN_ID } from '../../web/src/lib/app/screen-strings.ts';
import { BOUNDARIES_EN, BOUNDARIES_ID } from '../../web/src/lib/boundaries/boundaries-strings.ts';
import { CHANGES_EN, CHANGES_ID } from '../../web/src/lib/changes/changes-strings.ts';
import { DUPLICATES_EN, DUPLICATES_ID } from '../../web/src/lib/duplicates/duplicates-strings.ts';
import { FIELDWORK_EN, FIELDWORK_ID } from '../../web/src/lib/fieldwork/fieldwork-strings.ts';
import { IMPORTS_EN, IMPORTS_ID } from '../../web/src/lib/imports/imports-strings.ts';
import { PERIODS_EN, PERIODS_ID } from '../../web/src/lib/periods/periods-strings.ts';
import { PROGRAMS_EN, PROGRAMS_ID } from '../../web/src/lib/programs/programs-strings.ts';
import { CASEWORK_EN, CASEWORK_ID } from '../../web/src/lib/records/casework-strings.ts';
import { LOCATION_EN, LOCATION_ID } from '../../web/src/lib/records/location-strings.ts';
import { RECORD_EN, RECORD_ID } from '../../web/src/lib/records/record-strings.ts';
import { TARGETING_EN, TARGETING_ID } from '../../web/src/lib/targeting/targeting-strings.ts';
import { UI_EN, UI_ID } from '../../web/src/lib/ui/ui-strings.ts';
import { ADMIN_EN, ADMIN_ID } from '../../web/src/lib/users/messages.ts';

export type Lang = 'id' | 'en';

const ID_CATALOGUES: object[] = [
  MESSAGES_ID,
  SCREEN_ID,
  BOUNDARIES_ID,
  CHANGES_ID,
  DUPLICATES_ID,
  FIELDWORK_ID,
  IMPORTS_ID,
  PERIODS_ID,
  PROGRAMS_ID,
  CASEWORK_ID,
  LOCATION_ID,
  RECORD_ID,
  TARGETING_ID,
  UI_ID,
  ADMIN_ID,
];
const EN_CATALOGUES: object[] = [
  MESSAGES_EN,
  SCREEN_EN,
  BOUNDARIES_EN,
  CHANGES_EN,
  DUPLICATES_EN,
  FIELDWORK_EN,
  IMPORTS_EN,
  PERIODS_EN,
  PROGRAMS_EN,
  CASEWORK_EN,
  LOCATION_EN,
  RECORD_EN,
  TARGETING_EN,
  UI_EN,
  ADMIN_EN,
];

/**
 * Lower-case words of three letters or more; `{param}` placeholders are not words, nor are letters inside a run
 * of letters and digits (an id such as 4ada9961-…).
 */
export function wordsOf(text: string): string[] {
  return (text
    .replace(/\{\w+\}/g, ' ')
    .toLowerCase()
    .match(/(?<![\p{L}\p{N}_])\p{L}{3,}(?![\p{L}\p{N}_])/gu) ?? []) as string[];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

function vocabulary(catalogues: object[]): Set<string> {
  return new Set(catalogues.flatMap(strings).flatMap(wordsOf));
}

/** Words of synthetic people and streets: proper names in either language. */
export const DEMO_NAME_WORDS: ReadonlySet<string> = new Set(
  [...MALE_NAMES, ...FEMALE_NAMES, ...SECOND_NAMES, ...STREETS].flatMap((n) => wordsOf(String(n))),
);

const idWords = vocabulary(ID_CATALOGUES);
const enWords = vocabulary(EN_CATALOGUES);

/** Words found only in one language's catalogues. */
export const ONLY_IN: Record<Lang, ReadonlySet<string>> = {
  id: new Set([...idWords].filter((w) => !enWords.has(w))),
  en: new Set([...enWords].filter((w) => !idWords.has(w))),
};

/**
 * The words of `cells` (each with the cell it is in) that belong to the other language than `lang`. A cell that is a proper name (`names`)
 * is skipped whole, a name inside a cell (a title naming the program) is passed over, and so are the words of
 * the demo's people and streets.
 */
export function foreignWords(
  cells: string[],
  lang: Lang,
  names: ReadonlySet<string>,
  /** Values a cell may hold whole (people's names, addresses, usernames): skipped, never searched inside. */
  values: ReadonlySet<string> = new Set(),
): string[] {
  const other = ONLY_IN[lang === 'id' ? 'en' : 'id'];
  const found = new Set<string>();
  // Longest first, so "Program Keluarga Harapan (PKH)" goes before any shorter name inside it.
  const longestFirst = [...names].filter((n) => n.length >= 3).sort((a, b) => b.length - a.length);
  for (const cell of cells) {
    const c = cell.trim();
    // A JSON cell (the audit export's changes) is the stored record, keys and values as they were written.
    if (c === '' || names.has(c) || values.has(c) || /^[[{]/.test(c)) continue;
    const unnamed = longestFirst.reduce((acc, n) => (acc.includes(n) ? acc.replaceAll(n, ' ') : acc), c);
    for (const w of wordsOf(unnamed))
      if (other.has(w) && !DEMO_NAME_WORDS.has(w)) found.add(`${w} (in "${c.slice(0, 60)}")`);
  }
  return [...found].sort();
}

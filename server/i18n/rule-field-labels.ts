// The rule language's field names in words, for refusals said to people (the rule editor): the catalogue's
// rule.* sentences name `{field}`, and a person reads "Desil" or "Luas lantai per orang", not a column name.
import { HOUSEHOLD_FIELDS, MEMBER_FIELDS } from '../domain/eligibility-rule.ts';
import type { Lang } from './translate.ts';

type RuleField = (typeof HOUSEHOLD_FIELDS)[number] | (typeof MEMBER_FIELDS)[number];

export const RULE_FIELD_LABELS: Readonly<Record<Lang, Readonly<Record<RuleField, string>>>> = {
  id: {
    desil: 'Desil',
    unfit_house: 'Rumah tidak layak huni',
    floor_area_per_person: 'Luas lantai per orang (m²)',
    lighting: 'Penerangan',
    members: 'Jumlah anggota',
    age: 'Umur',
    sex: 'Jenis kelamin',
    disability_type: 'Jenis disabilitas',
    disability_severity: 'Tingkat disabilitas',
    has_disability: 'Penyandang disabilitas',
  },
  en: {
    desil: 'Desil',
    unfit_house: 'Unfit house',
    floor_area_per_person: 'Floor area per person (m²)',
    lighting: 'Lighting',
    members: 'Number of members',
    age: 'Age',
    sex: 'Sex',
    disability_type: 'Disability type',
    disability_severity: 'Disability severity',
    has_disability: 'Has a disability',
  },
};

/** A field's label in `lang`, or the text as given when it is not a field of the language (a typo quoted). */
export function ruleFieldLabel(lang: Lang, field: string): string {
  const labels = RULE_FIELD_LABELS[lang] as Readonly<Record<string, string>>;
  return Object.hasOwn(labels, field) ? labels[field]! : field;
}

// Schemas several routes share.
import { Type } from '@sinclair/typebox';
import { FIELD_RULES, NUMBER_RULES, textSchema } from '../domain/field-rules.ts';

/** A semester period code such as 2025-07. */
export const PeriodCode = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$',
  description: 'period, e.g. 2025-07',
});

/** Free-text fields under the same rules as an import row (domain/field-rules.ts). */
export const AddressText = textSchema(FIELD_RULES.address);
export const PersonName = textSchema(FIELD_RULES.personName);
/** Numeric household fields under the same ranges as an import row. */
export const Desil = Type.Integer(NUMBER_RULES.desil);
export const RtRw = Type.Integer(NUMBER_RULES.rt);
export const FloorAreaM2 = Type.Number(NUMBER_RULES.floorAreaM2);
/** The language of a downloaded file, for links that cannot send Accept-Language (default: Indonesian). */
export const DownloadLang = Type.Optional(
  Type.Union([Type.Literal('id'), Type.Literal('en')], {
    description:
      'language of a CSV/XLSX download (title line, headers, labels): id or en; else Accept-Language; else id. ' +
      'Error messages follow it too.',
  }),
);

// The fieldwork screen's place in the URL (router.param after `#fieldwork/`): the kelurahan chosen and, when the
// user chose another period than the default one, that period — `33.74.02.1008`, `33.74.02.1008@2025-07`,
// `@2025-07` — so a link, Back or a reload shows the same period's work. Framework-free and unit-testable.

const PERIOD = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

export interface FieldworkPlace {
  kelurahan: string;
  /** '' when the URL names none (or nothing a period can be): the default period then. */
  period: string;
}

export function parseFieldworkParam(param: string): FieldworkPlace {
  const at = param.lastIndexOf('@');
  if (at < 0) return { kelurahan: param, period: '' };
  const period = param.slice(at + 1);
  return { kelurahan: param.slice(0, at), period: PERIOD.test(period) ? period : '' };
}

export const fieldworkParam = ({ kelurahan, period }: FieldworkPlace): string =>
  period ? `${kelurahan}@${period}` : kelurahan;

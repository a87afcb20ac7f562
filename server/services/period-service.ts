// The semester cycle's rules in one place for the API and the CLI: one open period at a time, a new period
// comes after the latest and carries it forward, a finalized period is final.
import type { Knex } from 'knex';
import { notFoundT, problem } from '../lib/problem.ts';
import type { MessageKey, MessageParams } from '../i18n/translate.ts';
import { PeriodsRepository } from '../repositories/periods-repository.ts';
import { IndicatorService } from './indicator-service.ts';

const conflict = (key: MessageKey, params: MessageParams) => problem(409, 'conflict', key, params);

export class PeriodService {
  private readonly periods: PeriodsRepository;
  private readonly indicators: IndicatorService;

  constructor(
    knex: Knex,
    private readonly regionCode: string,
    poorDesilMax: number,
  ) {
    this.periods = new PeriodsRepository(knex);
    this.indicators = new IndicatorService(knex, poorDesilMax);
  }

  list() {
    return this.periods.list(this.regionCode);
  }

  async open(code: string): Promise<{ carriedFrom: string; copied: Record<string, number> }> {
    if (!/^[0-9]{4}-(0[1-9]|1[0-2])$/.test(code)) throw conflict('period.notACode', { period: code });
    const all = await this.periods.list(this.regionCode);
    const open = all.find((p) => p.status === 'open');
    if (open) throw conflict('period.stillOpen', { open: open.period_code, period: code });
    const latest = all.at(-1);
    if (!latest) throw conflict('period.nothingToCarry', {});
    if (code <= latest.period_code)
      throw conflict('period.mustFollow', { period: code, latest: latest.period_code });
    const copied = await this.periods.open(this.regionCode, code, latest.period_code);
    return { carriedFrom: latest.period_code, copied };
  }

  async finalize(code: string, userId: string | null): Promise<void> {
    const result = await this.periods.finalize(this.regionCode, code, userId);
    if (result === 'missing') throw notFoundT('notFound.period', { period: code });
    if (result === 'finalized') throw conflict('period.alreadyFinalized', { period: code });
    // The published numbers of the period are its summaries as finalized: bring them up to date.
    await this.indicators.ensureFresh(this.regionCode, code);
  }
}

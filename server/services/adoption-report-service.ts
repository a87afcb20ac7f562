// The adoption report of a period (penetapan, #20 item 4), for admins and planners: the counts and indicators
// by kelurahan and kecamatan from the same roll-up the indicators answer from (so the figures are theirs),
// entries and exits by reason against the period carried from, verification coverage, proposals approved and
// rejected, the musyawarah decisions, and the berita acara received. Staff figures (unsuppressed): the
// export is audited. Asked before adoption, it is the draft of what adopting would report.
import {
  CYCLE_COUNTS,
  reportLines,
  type CycleCount,
  type KelurahanCycle,
} from '../domain/adoption-report.ts';
import { notFoundT } from '../lib/problem.ts';
import { auditBy, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { IndicatorService } from './indicator-service.ts';
import type { PeriodAccess } from './period-access.ts';

export type AdoptionReport = Awaited<ReturnType<AdoptionReportService['report']>>;

export class AdoptionReportService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
    private readonly indicators: Pick<IndicatorService, 'rollup'>,
  ) {}

  async report(actor: Actor, code: string, format: string) {
    const period = (await this.periods.forRead(code, actor)).code;
    const { cycle, audit, regions } = this.db.repos;
    const adoption = await cycle.adoption(actor.regionCode, period);
    if (!adoption) throw notFoundT('notFound.period', { period: code });
    const [rollup, rows, movement, received] = await Promise.all([
      this.indicators.rollup(actor.regionCode, period),
      cycle.kelurahan(actor.regionCode, period),
      cycle.movement(actor.regionCode, period, adoption.carried_from),
      cycle.beritaAcaraList(actor.regionCode, period),
    ]);
    const moved = new Map(movement.map((m) => [m.code, m]));
    const kelurahan: KelurahanCycle[] = rows.map((r) => {
      const m = moved.get(r.code);
      const counts = Object.fromEntries(
        CYCLE_COUNTS.map((c) => [c, (m?.[c as keyof typeof m] as number | undefined) ?? 0]),
      ) as Record<CycleCount, number>;
      for (const c of [
        'active',
        'verified',
        'approved',
        'rejected',
        'pending',
        'kept',
        'removed',
        'added',
      ] as const)
        counts[c] = r[c];
      counts.berita_acara = r.berita_acara;
      return { code: r.code, status: r.status, muskelOn: r.muskel_on, counts };
    });
    const names = new Map(rows.map((r) => [r.code, r.name]));
    await audit.append({
      ...auditBy(actor),
      action: 'export',
      entity: 'adoption_report',
      entityIds: [period],
      periodCode: period,
      changes: { format },
    });
    return {
      period,
      region: await regions.regionName(actor.regionCode),
      status: adoption.status,
      carriedFrom: adoption.carried_from,
      adoptedAt: adoption.finalized_at ? new Date(adoption.finalized_at).toISOString() : null,
      adoptedBy: adoption.finalized_by,
      leftOpen: (adoption.adopted_open ?? []).map((c) => ({ code: c, name: names.get(c) ?? c })),
      reason: adoption.adoption_reason,
      lines: reportLines(rollup, kelurahan),
      beritaAcara: received.map((b) => ({
        kelurahan: b.kelurahan_code,
        name: names.get(b.kelurahan_code) ?? b.kelurahan_code,
        fileName: b.file_name,
        contentType: b.content_type,
        bytes: b.bytes,
        uploadedAt: new Date(b.uploaded_at).toISOString(),
      })),
    };
  }
}

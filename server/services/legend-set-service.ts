// Fixed legend sets (#18 item 6): an admin saves the class breaks, colours and labels of one indicator (and
// program), so every period's map uses the same classes. Reading them is public (styling, no person); saving
// and deleting are admin only and audited in the same transaction as the change.
import { indicator } from '../domain/indicators.ts';
import { badRequestT, notFoundT, problem } from '../lib/problem.ts';
import type { LegendSetRow } from '../repositories/legend-sets-repository.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';

/** At most ten classes: the palettes have nine colours, and more classes cannot be told apart by eye. */
export const LEGEND_MAX_BREAKS = 9;
export const LEGEND_LABEL_MAX = 60;
const HEX = /^#[0-9a-fA-F]{6}$/;

export interface LegendSet {
  indicator: string;
  program: string | null;
  breaks: number[];
  colors: string[];
  labels: { id: string[]; en: string[] } | null;
  savedAt: string;
  savedBy: { username: string; displayName: string } | null;
}

export interface LegendSetInput {
  breaks: number[];
  colors: string[];
  labels?: { id?: string[]; en?: string[] };
}

function toSet(r: LegendSetRow): LegendSet {
  return {
    indicator: r.indicator_id,
    program: r.program_code,
    breaks: r.breaks.map(Number),
    colors: r.colors,
    labels: r.labels_id && r.labels_en ? { id: r.labels_id, en: r.labels_en } : null,
    savedAt: r.saved_at,
    savedBy: r.saved_by_username
      ? { username: r.saved_by_username, displayName: r.saved_by_name ?? r.saved_by_username }
      : null,
  };
}

/** Refuses a set that cannot colour a map: breaks not ascending, colours not one per class, bad labels. */
export function checkLegendSet(input: LegendSetInput): void {
  const { breaks, colors } = input;
  if (breaks.length === 0) throw badRequestT('legendSet.noBreaks');
  if (breaks.length > LEGEND_MAX_BREAKS)
    throw badRequestT('legendSet.tooManyBreaks', {
      max: LEGEND_MAX_BREAKS,
      classes: LEGEND_MAX_BREAKS + 1,
      count: breaks.length,
    });
  for (let i = 1; i < breaks.length; i++)
    if (!(breaks[i]! > breaks[i - 1]!))
      throw badRequestT('legendSet.notAscending', { n: i + 1, value: breaks[i]!, previous: breaks[i - 1]! });
  if (colors.length !== breaks.length + 1)
    throw badRequestT('legendSet.colorCount', {
      breaks: breaks.length,
      expected: breaks.length + 1,
      count: colors.length,
    });
  colors.forEach((c, i) => {
    if (!HEX.test(c)) throw badRequestT('legendSet.badColor', { n: i + 1, value: c.slice(0, 20) });
  });
  for (const lang of ['id', 'en'] as const) {
    const labels = input.labels?.[lang];
    if (labels === undefined) continue;
    if (labels.length !== colors.length)
      throw badRequestT('legendSet.labelCount', { lang, expected: colors.length, count: labels.length });
    labels.forEach((l, i) => {
      if (l.length > LEGEND_LABEL_MAX)
        throw badRequestT('legendSet.labelTooLong', {
          n: i + 1,
          lang,
          length: l.length,
          max: LEGEND_LABEL_MAX,
        });
    });
  }
}

export class LegendSetService {
  constructor(private readonly db: Db) {}

  async list(actor: Actor): Promise<LegendSet[]> {
    return (await this.db.repos.legendSets.list(actor.regionCode)).map(toSet);
  }

  /** The indicator exists, takes a program exactly when it needs one, and the program is one the caller sees. */
  private async key(actor: Actor, id: string, program: string | undefined): Promise<string | null> {
    if (actor.via === 'api' && actor.role !== 'admin')
      throw problem(403, 'forbidden', 'legendSet.onlyAdmins');
    const def = indicator(id);
    if (!def) throw notFoundT('notFound.indicator', { id });
    if (def.program && !program) throw badRequestT('indicator.needsProgram', { id });
    if (!def.program && program) throw badRequestT('indicator.noProgram', { id });
    if (program && !(await this.db.repos.programs.find(actor.regionCode, program, scopeOf(actor))))
      throw notFoundT('notFound.programToSee', { code: program });
    return program ?? null;
  }

  async save(
    actor: Actor,
    id: string,
    program: string | undefined,
    input: LegendSetInput,
  ): Promise<LegendSet> {
    const code = await this.key(actor, id, program);
    checkLegendSet(input);
    return this.db.transaction(async (repos) => {
      const before = await repos.legendSets.find(actor.regionCode, id, code, true);
      await repos.legendSets.save(actor.regionCode, {
        indicator: id,
        program: code,
        breaks: input.breaks,
        colors: input.colors.map((c) => c.toLowerCase()),
        // Both languages or neither: a legend half generated and half typed would read oddly.
        labelsId: input.labels?.id && input.labels.en ? input.labels.id : null,
        labelsEn: input.labels?.id && input.labels.en ? input.labels.en : null,
        savedBy: actor.user?.id ?? null,
      });
      const after = (await repos.legendSets.find(actor.regionCode, id, code))!;
      await repos.audit.append({
        ...auditBy(actor),
        action: before ? 'update' : 'create',
        entity: 'legend_set',
        entityIds: [code ? `${id}:${code}` : id],
        changes: { legend_set: [before ? summary(before) : null, summary(after)] },
      });
      return toSet(after);
    });
  }

  async remove(actor: Actor, id: string, program: string | undefined): Promise<void> {
    const code = await this.key(actor, id, program);
    await this.db.transaction(async (repos) => {
      const before = await repos.legendSets.find(actor.regionCode, id, code, true);
      if (!before)
        throw notFoundT('notFound.legendSet', { indicator: id, program: code ? ` · ${code}` : '' });
      await repos.legendSets.remove(actor.regionCode, id, code);
      await repos.audit.append({
        ...auditBy(actor),
        action: 'update',
        entity: 'legend_set',
        entityIds: [code ? `${id}:${code}` : id],
        changes: { legend_set: [summary(before), null] },
      });
    });
  }
}

/** What the audit row keeps of a set: the classes themselves, not who saved it (the row says that). */
function summary(r: LegendSetRow) {
  return { breaks: r.breaks.map(Number), colors: r.colors, labels_id: r.labels_id, labels_en: r.labels_en };
}

// The semester atlas download (GET /api/v1/atlas.pdf): the same file `npm run cli -- atlas` writes, in the UI's
// language. Offered for finalized periods only: the atlas holds the public figures, and an open period has none.
import type { Lang } from '../i18n.svelte';

export interface AtlasLinkQuery {
  indicator: string;
  period: string;
  /** A program indicator's program; undefined otherwise. */
  program: string | undefined;
  lang: Lang;
  size?: 'A4' | 'A3';
}

export function atlasUrl(q: AtlasLinkQuery): string {
  const params = new URLSearchParams({ indicator: q.indicator, period: q.period });
  if (q.program) params.set('program', q.program);
  params.set('size', q.size ?? 'A4');
  params.set('lang', q.lang);
  return `/api/v1/atlas.pdf?${params.toString()}`;
}

/** Whether the shown period is finalized (the only periods an atlas is made of). */
export function atlasOffered(
  periods: ReadonlyArray<{ code: string; status: string }>,
  period: string,
): boolean {
  return periods.some((p) => p.code === period && p.status === 'finalized');
}

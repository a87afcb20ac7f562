// The semester atlas (#18 item 6) on the real app over a seeded, finalized period: the PDF read back with
// pdf.js — 17 pages (the city and its 16 kecamatan), each with its title, period, legend and source as
// extractable text and one filled vector path per kelurahan at least; A3 as well as A4; English on ?lang=en;
// the CLI writing the same bytes as the download; bad parameters answered in the caller's language.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '../../server/demo/seed-registry.ts';
import { indicator } from '../../server/domain/indicators.ts';
import { atlasUrl } from '../../web/src/lib/map/atlas-link.ts';
import { classify, classLabels, decimalsFor } from '../../web/src/lib/map/classify.ts';
import { runCli } from '../support/cli.ts';
import { readPdf } from '../support/pdf-pages.ts';
import { scratchDatabase, type ScratchDatabase } from '../support/scratch-database.ts';
import { testApp, testConfig } from '../support/test-app.ts';

const PERIOD = '2025-12';
const DATE = '2026-01-15';
const squash = (s: string) => s.replace(/\s+/g, '');

describe('semester atlas (vector PDF)', () => {
  let db: ScratchDatabase;
  let app: FastifyInstance;
  let kecamatan: Array<{ code: string; name: string; kelurahan: number }>;
  let kelurahanTotal: number;
  let a4: Buffer;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sidaksos-atlas-'));

  beforeAll(async () => {
    db = await scratchDatabase('atlas');
    await seedRegistry(db.knex, { regionCode: '33.74', households: 5000, seed: 18, periods: [PERIOD] });
    expect(await db.knex('periods').where({ period_code: PERIOD }).update({ status: 'finalized' })).toBe(1);
    app = await testApp(db.knex, testConfig({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' }));
    const rows = await db
      .knex('areas as k')
      .join('areas as p', 'p.code', 'k.parent_code')
      .where({ 'k.level': 'kelurahan', 'k.region_code': '33.74' })
      .groupBy('p.code', 'p.name')
      .orderBy('p.code')
      .select<Array<{ code: string; name: string; n: string }>>(
        'p.code',
        'p.name',
        db.knex.raw('count(*) as n'),
      );
    kecamatan = rows.map((r) => ({ code: r.code, name: r.name, kelurahan: Number(r.n) }));
    kelurahanTotal = kecamatan.reduce((s, k) => s + k.kelurahan, 0);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const url = (q: Record<string, string>) =>
    `/api/v1/atlas.pdf?${new URLSearchParams({ indicator: 'poor_share', period: PERIOD, date: DATE, ...q })}`;

  it('A4 in Indonesian: 17 pages with title, period, legend, source and a filled path per kelurahan', async () => {
    const res = await app.inject({ method: 'GET', url: url({ size: 'A4' }) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="sidaksos-atlas-poor_share-2025-12-A4-id\.pdf"/,
    );
    a4 = res.rawPayload;
    expect(a4.subarray(0, 5).toString()).toBe('%PDF-');
    // No bitmap: the map is vector paths only.
    expect(a4.includes('/Subtype /Image')).toBe(false);

    const pages = await readPdf(a4);
    expect(kecamatan).toHaveLength(16);
    expect(pages).toHaveLength(1 + kecamatan.length);
    const title = indicator('poor_share')!.label.id;
    for (const [i, page] of pages.entries()) {
      expect(page.size[0]).toBeCloseTo(841.89, 1);
      expect(page.size[1]).toBeCloseTo(595.28, 1);
      expect(page.squashed).toContain(squash(title));
      expect(page.squashed).toContain(squash(`Periode ${PERIOD}`));
      expect(page.squashed).toContain('Legenda');
      expect(page.squashed).toContain(squash('Tidak ada data'));
      expect(page.squashed).toContain(squash('Disembunyikan (sel kecil)'));
      expect(page.squashed).toContain(squash('Sumber: Sidaksos, Dinas Sosial Kota Semarang'));
      expect(page.squashed).toContain(squash(`Dibuat ${DATE}`));
      expect(page.squashed).toContain(squash(`Halaman ${i + 1} dari 17`));
      // The north arrow's letter and a scale bar in m or km.
      expect(page.text).toMatch(/\bU\b/);
      expect(page.text).toMatch(/\b\d+ k?m\b/);
      const onPage = i === 0 ? kelurahanTotal : kecamatan[i - 1]!.kelurahan;
      expect(page.filledPaths).toBeGreaterThanOrEqual(onPage);
      if (i > 0) expect(page.squashed).toContain(squash(`Kecamatan ${kecamatan[i - 1]!.name}`));
    }

    // The city page's legend: the web map's classes over the public figures, with the suppressed count.
    const pub = await app.inject({ method: 'GET', url: `/api/v1/indicators/poor_share?period=${PERIOD}` });
    const values = pub.json<{ values: Array<{ value: number | null; suppressed: boolean }> }>().values;
    const figures = values.filter((v) => !v.suppressed && v.value !== null).map((v) => v.value!);
    const c = classify(figures, 'quantile', 5, 'YlOrRd');
    const nf = new Intl.NumberFormat('id-ID', { maximumFractionDigits: decimalsFor(c.thresholds) });
    const labels = classLabels(c, (v) => nf.format(v), 'Semua nilai');
    expect(labels.length).toBeGreaterThan(1);
    labels.forEach((label, k) => expect(pages[0]!.squashed).toContain(squash(`${label} (${c.counts[k]})`)));
    const suppressed = values.filter((v) => v.suppressed).length;
    expect(pages[0]!.squashed).toContain(squash(`Disembunyikan (sel kecil) (${suppressed})`));
  }, 120_000);

  it('A3 and English: the same 17 pages on the larger sheet, in English', async () => {
    const res = await app.inject({ method: 'GET', url: url({ size: 'A3', lang: 'en' }) });
    expect(res.statusCode, res.body).toBe(200);
    const pages = await readPdf(res.rawPayload);
    expect(pages).toHaveLength(17);
    const title = indicator('poor_share')!.label.en;
    for (const [i, page] of pages.entries()) {
      expect(page.size[0]).toBeCloseTo(1190.55, 1);
      expect(page.size[1]).toBeCloseTo(841.89, 1);
      expect(page.squashed).toContain(squash(title));
      expect(page.squashed).toContain(squash(`Period ${PERIOD}`));
      expect(page.squashed).toContain('Legend');
      expect(page.squashed).toContain(squash('No data'));
      expect(page.squashed).toContain(squash('Suppressed (small cell)'));
      expect(page.squashed).toContain(squash('Source: Sidaksos, Semarang Social Affairs Office'));
      expect(page.squashed).not.toContain('Legenda');
      expect(page.filledPaths).toBeGreaterThanOrEqual(i === 0 ? kelurahanTotal : kecamatan[i - 1]!.kelurahan);
    }
  }, 120_000);

  it('the CLI writes the very bytes of the web map’s download link', async () => {
    // The link the map offers (no date: today's, like the CLI's default).
    const link = atlasUrl({ indicator: 'poor_share', period: PERIOD, program: undefined, lang: 'id' });
    const web = await app.inject({ method: 'GET', url: link });
    expect(web.statusCode, web.body).toBe(200);
    const out = path.join(dir, 'atlas.pdf');
    const run = await runCli(
      [
        'atlas',
        '--period',
        PERIOD,
        '--indicator',
        'poor_share',
        '--size',
        'A4',
        '--lang',
        'id',
        '--out',
        out,
      ],
      { ...process.env, DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl, LOG_LEVEL: 'silent' },
    );
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/atlas written to/);
    const file = readFileSync(out);
    expect(file.length).toBe(web.rawPayload.length);
    expect(file.equals(web.rawPayload)).toBe(true);
    // Only the date differs from the dated download: same page count, same paths.
    const [cli, dated] = [await readPdf(file), await readPdf(a4)];
    expect(cli.map((p) => p.filledPaths)).toEqual(dated.map((p) => p.filledPaths));
    expect(cli[0]!.squashed).toContain(squash(`Dibuat ${new Date().toISOString().slice(0, 10)}`));

    const bad = await runCli(
      ['atlas', '--indicator', 'poor_share', '--size', 'A5', '--out', out],
      process.env,
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/--size must be one of A4, A3/);
  }, 180_000);

  it('answers bad parameters with a problem in the caller’s language', async () => {
    const byLang = await app.inject({ method: 'GET', url: url({ indicator: 'no_such_thing', lang: 'id' }) });
    expect(byLang.statusCode).toBe(400);
    expect(byLang.headers['content-type']).toMatch(/application\/problem\+json/);
    const problem = byLang.json<{ type: string; detail: string; params: Record<string, string> }>();
    expect(problem.type).toMatch(/bad-request/);
    expect(problem.params.id).toBe('no_such_thing');
    expect(problem.detail).toMatch(/Indikator "no_such_thing" tidak ada untuk atlas.*poor_share/);

    const byHeader = await app.inject({
      method: 'GET',
      url: `/api/v1/atlas.pdf?indicator=no_such_thing`,
      headers: { 'accept-language': 'id-ID,id;q=0.9' },
    });
    expect(byHeader.statusCode).toBe(400);
    expect(byHeader.json<{ detail: string }>().detail).toMatch(/tidak ada untuk atlas/);

    const en = await app.inject({ method: 'GET', url: url({ indicator: 'no_such_thing', lang: 'en' }) });
    expect(en.json<{ detail: string }>().detail).toMatch(/No indicator "no_such_thing" for the atlas/);

    const size = await app.inject({ method: 'GET', url: url({ size: 'A5', lang: 'id' }) });
    expect(size.statusCode).toBe(400);
    expect(size.headers['content-type']).toMatch(/application\/problem\+json/);

    // An open (not finalized) period is not the public's: refused, not printed.
    await db.knex('periods').insert({ region_code: '33.74', period_code: '2026-07' });
    const open = await app.inject({ method: 'GET', url: url({ period: '2026-07', lang: 'id' }) });
    expect(open.statusCode).toBeGreaterThanOrEqual(400);
    expect(open.statusCode).toBeLessThan(500);
  }, 60_000);
});

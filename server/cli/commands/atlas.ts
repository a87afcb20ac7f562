// `atlas --period P --indicator I [--program C] [--size A4|A3] [--lang id|en] [--date D] --out F.pdf`: the
// semester atlas through the same service as GET /api/v1/atlas.pdf, so the same inputs give the same bytes
// (the public figures: suppressed, finalized periods only, even though the CLI may see everything).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PAGE_SIZES, type PageSize } from '../../domain/atlas/layout.ts';
import { LANGS, type Lang } from '../../i18n/translate.ts';
import { oneOf, say, withServices } from '../context.ts';

interface AtlasOptions {
  period?: string;
  indicator: string;
  program?: string;
  size: string;
  lang: string;
  date?: string;
  out: string;
}

export function registerAtlasCommand(program: Command): void {
  program
    .command('atlas')
    .description('write the semester atlas (vector PDF: the city and each kecamatan) of one indicator')
    .requiredOption('--indicator <id>', 'indicator id (GET /api/v1/indicators lists them)')
    .option('--period <code>', 'finalized period, e.g. 2025-12 (default: the latest finalized)')
    .option('--program <code>', 'program code, for a program indicator')
    .option('--size <size>', 'paper, landscape: A4 or A3', 'A4')
    .option('--lang <lang>', 'language of the pages: id or en', 'id')
    .option('--date <yyyy-mm-dd>', 'date printed on the pages and in the metadata (default: today)')
    .requiredOption('--out <file>', 'the PDF to write')
    .action((o: AtlasOptions) => {
      const size = oneOf<PageSize>(o.size, PAGE_SIZES, '--size');
      const lang = oneOf<Lang>(o.lang, LANGS, '--lang');
      return withServices(async (services, actor) => {
        const file = await services.atlas.pdf(
          { indicator: o.indicator, period: o.period, program: o.program, size, lang, date: o.date },
          actor,
        );
        await writeFile(o.out, file.body);
        say(`atlas written to ${o.out} (${file.filename}, ${(file.body.length / 1024).toFixed(0)} KiB)`);
      });
    });
}

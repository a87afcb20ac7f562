// The fonts every PDF the server draws embeds: DejaVu Sans (an npm package, so no system font is needed), whose
// glyphs cover what the standard PDF fonts' WinAnsi does not (≥, –, ², ☐) and keep the text extractable.
import { createRequire } from 'node:module';
import path from 'node:path';

const FONT_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')),
  'ttf',
);

export const PDF_FONTS = {
  regular: path.join(FONT_DIR, 'DejaVuSans.ttf'),
  bold: path.join(FONT_DIR, 'DejaVuSans-Bold.ttf'),
} as const;

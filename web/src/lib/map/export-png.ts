// A presentation-ready PNG: title, the map as drawn, legend, scale bar, north arrow, source and date, composed on
// one canvas. The WebGL canvas is read inside its own render event (no preserveDrawingBuffer needed). The maps
// are the ones the calling component owns (a pane each), never looked up globally, so a split view exports the
// two maps it shows.
import { drawBivariateLegend, type BivariateExport } from './export-bivariate';
import { patternFill, type Mark } from './patterns';
import type { Map as MapLibreMap } from 'maplibre-gl';

export interface LegendRow {
  color: string;
  label: string;
  mark?: Mark;
}

export interface ExportSpec {
  title: string;
  subtitle: string;
  source: string;
  northLabel: string;
}

function captureMap(map: MapLibreMap): Promise<HTMLCanvasElement> {
  return new Promise((resolve) => {
    map.once('render', () => {
      const src = map.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = src.width;
      copy.height = src.height;
      copy.getContext('2d')!.drawImage(src, 0, 0);
      resolve(copy);
    });
    map.triggerRepaint();
  });
}

/** A round length (1, 2 or 5 × 10ⁿ metres) that fits in at most `maxPx` pixels at the map's centre. */
function scaleBar(map: MapLibreMap, maxPx: number, pixelRatio: number): { px: number; label: string } {
  const lat = map.getCenter().lat;
  const metresPerPx =
    (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (512 * 2 ** map.getZoom()) / pixelRatio;
  const maxMetres = metresPerPx * maxPx;
  const power = 10 ** Math.floor(Math.log10(maxMetres));
  const nice = [5, 2, 1].map((f) => f * power).find((m) => m <= maxMetres) ?? power;
  return { px: nice / metresPerPx, label: nice >= 1000 ? `${nice / 1000} km` : `${nice} m` };
}

/** One map of the export: a split view has two, side by side, each with its label and (maybe) legend. */
export interface ExportPane {
  map: MapLibreMap;
  label?: string;
  legendRows?: LegendRow[];
  /** A bivariate map's square legend, drawn instead of the rows. */
  bivariate?: BivariateExport;
}

export async function exportPng(panes: ExportPane[], spec: ExportSpec): Promise<Blob> {
  const images = await Promise.all(panes.map((p) => captureMap(p.map)));
  const map = panes[0]!.map;
  const first = images[0]!;
  const ratio = first.width / map.getCanvas().clientWidth || 1;
  const pad = 24 * ratio;
  const header = 84 * ratio;
  const footer = 40 * ratio;
  const canvas = document.createElement('canvas');
  canvas.width = images.reduce((w, i) => w + i.width, 0);
  canvas.height = Math.max(...images.map((i) => i.height)) + header + footer;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#102a43';
  g.font = `bold ${26 * ratio}px sans-serif`;
  g.fillText(spec.title, pad, 38 * ratio);
  g.font = `${16 * ratio}px sans-serif`;
  g.fillStyle = '#3e4c59';
  g.fillText(spec.subtitle, pad, 66 * ratio);
  let left = 0;
  images.forEach((image, i) => {
    g.drawImage(image, left, header);
    const pane = panes[i]!;
    if (pane.label) {
      g.font = `bold ${16 * ratio}px sans-serif`;
      const w = g.measureText(pane.label).width + 16 * ratio;
      g.fillStyle = '#102a43';
      g.fillRect(left + image.width / 2 - w / 2, header + 8 * ratio, w, 26 * ratio);
      g.fillStyle = '#ffffff';
      g.fillText(pane.label, left + image.width / 2 - w / 2 + 8 * ratio, header + 27 * ratio);
    }
    if (i > 0) {
      g.fillStyle = '#102a43';
      g.fillRect(left - ratio, header, 2 * ratio, image.height);
    }
    if (pane.bivariate)
      drawBivariateLegend(g, pane.bivariate, left + image.width, header + image.height, ratio);
    else if (pane.legendRows)
      drawLegend(g, pane.legendRows, left + image.width, header + image.height, ratio);
    left += image.width;
  });
  const mapImage = first;

  // Scale bar, bottom left of the map.
  const bar = scaleBar(map, 160 * ratio, ratio);
  const by = header + mapImage.height - pad;
  g.fillStyle = '#1f2933';
  g.fillRect(pad, by, bar.px, 5 * ratio);
  g.font = `${13 * ratio}px sans-serif`;
  g.fillText(bar.label, pad, by - 6 * ratio);

  // North arrow, top right of the map (the map is never rotated in presentation exports).
  const nx = canvas.width - pad - 16 * ratio;
  const ny = header + pad;
  g.beginPath();
  g.moveTo(nx, ny);
  g.lineTo(nx - 12 * ratio, ny + 32 * ratio);
  g.lineTo(nx, ny + 24 * ratio);
  g.lineTo(nx + 12 * ratio, ny + 32 * ratio);
  g.closePath();
  g.fill();
  g.font = `bold ${14 * ratio}px sans-serif`;
  g.fillText(spec.northLabel, nx - 5 * ratio, ny + 50 * ratio);

  g.font = `${13 * ratio}px sans-serif`;
  g.fillStyle = '#52606d';
  g.fillText(spec.source, pad, canvas.height - 14 * ratio);

  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** A legend box whose bottom-right corner is at (right, bottom) less the padding. */
function drawLegend(
  g: CanvasRenderingContext2D,
  rows: LegendRow[],
  right: number,
  bottom: number,
  ratio: number,
): void {
  const pad = 24 * ratio;
  const rowH = 22 * ratio;
  g.font = `${14 * ratio}px sans-serif`;
  // Wide enough for the longest row (the small-base note is long, more so in Indonesian).
  const legendW = Math.max(250 * ratio, ...rows.map((r) => g.measureText(r.label).width + 54 * ratio));
  const legendH = rows.length * rowH + 16 * ratio;
  const lx = right - legendW - pad;
  const ly = bottom - legendH - pad;
  g.fillStyle = 'rgba(255,255,255,0.92)';
  g.fillRect(lx, ly, legendW, legendH);
  g.font = `${14 * ratio}px sans-serif`;
  rows.forEach((r, i) => {
    const y = ly + 8 * ratio + i * rowH;
    // A mark's pattern over its colour: coarsened and small-base marks are drawn over a class colour.
    g.fillStyle = r.color;
    g.fillRect(lx + 10 * ratio, y + 3 * ratio, 26 * ratio, 15 * ratio);
    if (r.mark) {
      g.fillStyle = patternFill(g, r.mark, ratio);
      g.fillRect(lx + 10 * ratio, y + 3 * ratio, 26 * ratio, 15 * ratio);
    }
    g.strokeStyle = '#7b8794';
    g.strokeRect(lx + 10 * ratio, y + 3 * ratio, 26 * ratio, 15 * ratio);
    g.fillStyle = '#1f2933';
    g.fillText(r.label, lx + 44 * ratio, y + 16 * ratio);
  });
}

// The bivariate map's and the household heat layer's strings, Bahasa Indonesia and English: spread into the
// app's catalogues (i18n.svelte.ts), whose type makes a key missing in one language a compile error.
export const BIVARIATE_ID = {
  bivariate: 'Indikator kedua (peta bivariat)',
  bivariateOff: 'Tidak ada',
  bivariateTitle: '{x} × {y}',
  bivariateLegend: 'Legenda peta bivariat',
  bivariateTable: 'Jumlah wilayah per kelas: {y} (baris) menurut {x} (kolom)',
  bivariateUnused: 'kelas tidak dipakai',
  bivariateCell: '{x}: {xRange}; {y}: {yRange}: {n} wilayah',
  bivariateAxisLow: 'rendah',
  bivariateAxisHigh: 'tinggi',
  bivariateAxis: '{title} ({unit})',
  bivariateMethod: 'tertil, 3 × 3 kelas',
  heatLayer: 'Peta panas keluarga',
  heatLegend: 'peta panas: kepadatan keluarga (terang = padat)',
  householdHalo: 'tepi putih: terlihat di setiap kelas warna',
};

export const BIVARIATE_EN: { [K in keyof typeof BIVARIATE_ID]: string } = {
  bivariate: 'Second indicator (bivariate map)',
  bivariateOff: 'None',
  bivariateTitle: '{x} × {y}',
  bivariateLegend: 'Bivariate map legend',
  bivariateTable: 'Areas per class: {y} (rows) by {x} (columns)',
  bivariateUnused: 'class not used',
  bivariateCell: '{x}: {xRange}; {y}: {yRange}: {n} areas',
  bivariateAxisLow: 'low',
  bivariateAxisHigh: 'high',
  bivariateAxis: '{title} ({unit})',
  bivariateMethod: 'tertiles, 3 × 3 classes',
  heatLayer: 'Household heat map',
  heatLegend: 'heat map: household density (bright = dense)',
  householdHalo: 'white rim: visible on every colour class',
};

// The offline base style: a plain background, kecamatan and kelurahan outlines and labels, glyphs from our
// own server. No remote tiles, sprites or fonts: the map must work without internet.
import type { StyleSpecification } from 'maplibre-gl';

export const COLORS = {
  background: '#e8edf2',
  land: '#fbfbf8',
  kelurahanLine: '#7b8794',
  kecamatanLine: '#1f2933',
  label: '#323f4b',
  /** The selected area's outline: visible on every palette class. */
  highlight: '#102a43',
};

/** Areas without a value (no households, zero denominator) and areas whose value is suppressed. */
export const NO_DATA_COLOR = '#ffffff';
export const SUPPRESSED_COLOR = '#b8bcc2';

export function baseStyle(glyphsBase: string): StyleSpecification {
  return {
    version: 8,
    glyphs: `${glyphsBase}/glyphs/{fontstack}/{range}.pbf`,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': COLORS.background } }],
  };
}

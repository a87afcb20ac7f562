// The atlas page's pure geometry (server/domain/atlas/layout.ts): sheets, boxes, projection and scale bar.
import { describe, expect, it } from 'vitest';
import { bboxOf, fitProjection, pageLayout, scaleBar, type Box } from '../../server/domain/atlas/layout.ts';

const inside = (inner: Box, outer: Box) =>
  inner.x >= outer.x - 1e-9 &&
  inner.y >= outer.y - 1e-9 &&
  inner.x + inner.w <= outer.x + outer.w + 1e-9 &&
  inner.y + inner.h <= outer.y + outer.h + 1e-9;

// Kota Semarang, roughly.
const SEMARANG: [number, number, number, number] = [110.27, -7.15, 110.51, -6.93];

describe('atlas layout', () => {
  it('lays out landscape A4 and A3 with every box inside the margins and none overlapping', () => {
    for (const size of ['A4', 'A3'] as const) {
      const l = pageLayout(size);
      expect(l.width).toBeGreaterThan(l.height);
      const sheet = { x: l.margin, y: l.margin, w: l.width - 2 * l.margin, h: l.height - 2 * l.margin };
      for (const b of [l.header, l.map, l.legend, l.footer]) expect(inside(b, sheet)).toBe(true);
      expect(l.header.y + l.header.h).toBeLessThanOrEqual(l.map.y);
      expect(l.map.x + l.map.w).toBeLessThan(l.legend.x);
      expect(l.map.y + l.map.h).toBeLessThanOrEqual(l.footer.y);
    }
    const a4 = pageLayout('A4');
    const a3 = pageLayout('A3');
    expect(a4.width).toBeCloseTo(841.89, 2);
    expect(a3.width).toBeCloseTo(1190.55, 2);
    // A3 is A4 scaled by √2: the same page, larger.
    expect(a3.scale).toBeCloseTo(Math.SQRT2, 2);
    expect(a3.map.w / a4.map.w).toBeCloseTo(Math.SQRT2, 2);
  });

  it('projects a bbox into the map box with its padding, centred, north up, without distortion', () => {
    const box = pageLayout('A4').map;
    const pad = 10;
    const p = fitProjection(SEMARANG, box, pad);
    const [x0, y0] = p.project(SEMARANG[0], SEMARANG[3]); // north-west corner
    const [x1, y1] = p.project(SEMARANG[2], SEMARANG[1]); // south-east corner
    expect(x0).toBeLessThan(x1);
    expect(y0).toBeLessThan(y1); // north is up (PDF y grows downwards in pdfkit)
    const drawn = { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
    expect(inside(drawn, { x: box.x + pad, y: box.y + pad, w: box.w - 2 * pad, h: box.h - 2 * pad })).toBe(
      true,
    );
    // It fills one dimension exactly and is centred in the other.
    const fillsW = Math.abs(drawn.w - (box.w - 2 * pad)) < 1e-6;
    const fillsH = Math.abs(drawn.h - (box.h - 2 * pad)) < 1e-6;
    expect(fillsW || fillsH).toBe(true);
    expect(drawn.x + drawn.w / 2).toBeCloseTo(box.x + box.w / 2, 6);
    expect(drawn.y + drawn.h / 2).toBeCloseTo(box.y + box.h / 2, 6);
    // The same ground distance east-west and north-south takes the same page length (about 1 km each way).
    const lat = -7.04;
    const dLon = 1000 / (111_195 * Math.cos((lat * Math.PI) / 180));
    const dLat = 1000 / 111_195;
    const ew = p.project(110.4 + dLon, lat)[0] - p.project(110.4, lat)[0];
    const ns = p.project(110.4, lat)[1] - p.project(110.4, lat + dLat)[1];
    expect(ew / ns).toBeCloseTo(1, 2);
    expect(ew * p.metresPerPoint).toBeCloseTo(1000, -1);
  });

  it('chooses a scale bar of a round 1-2-5 length that fits', () => {
    expect(scaleBar(50, 200)).toMatchObject({ metres: 10_000, label: '10 km' });
    expect(scaleBar(50, 200).points).toBeCloseTo(200, 6);
    expect(scaleBar(40, 200)).toMatchObject({ metres: 5000, label: '5 km' });
    expect(scaleBar(12, 200)).toMatchObject({ metres: 2000, label: '2 km' });
    expect(scaleBar(3, 150)).toMatchObject({ metres: 200, label: '200 m' });
    expect(scaleBar(0.9, 100)).toMatchObject({ metres: 50, label: '50 m' });
    for (const mpp of [0.37, 3.3, 17, 52, 260]) {
      const bar = scaleBar(mpp, 180);
      expect(bar.points).toBeLessThanOrEqual(180);
      expect(bar.points).toBeGreaterThan(180 / 5 - 1e-9); // never shorter than a 1-2-5 step allows
      expect(String(bar.metres)).toMatch(/^[125]0*$/);
    }
  });

  it('finds the bbox of rings', () => {
    expect(
      bboxOf([
        [
          [110.3, -7],
          [110.4, -6.95],
        ],
        [[110.25, -7.1]],
      ]),
    ).toEqual([110.25, -7.1, 110.4, -6.95]);
  });
});

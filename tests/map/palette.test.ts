import { describe, it, expect } from 'vitest';
import { lab } from 'd3';
import { assignColors, clusterColor, fadeHex, OUTLIER_COLOR, PALETTE } from '../../src/map/palette.ts';

function deltaE(a: string, b: string): number {
  const p = lab(a), q = lab(b);
  return Math.hypot(p.l - q.l, p.a - q.a, p.b - q.b);
}

describe('palette', () => {
  it('has pairwise distinct colours (CIELAB ΔE ≥ 15) and none close to the outlier grey', () => {
    for (let i = 0; i < PALETTE.length; i++) {
      expect(deltaE(PALETTE[i], OUTLIER_COLOR)).toBeGreaterThanOrEqual(15);
      for (let j = i + 1; j < PALETTE.length; j++) expect(deltaE(PALETTE[i], PALETTE[j]), `${PALETTE[i]} vs ${PALETTE[j]}`).toBeGreaterThanOrEqual(15);
    }
  });

  it('assigns colours in the given order, reusing them beyond the palette, outliers grey', () => {
    const ids = Array.from({ length: PALETTE.length + 3 }, (_, i) => 100 + i);
    const slots = assignColors([-1, ...ids]);
    expect(clusterColor(100, slots)).toBe(PALETTE[0]);
    expect(clusterColor(101, slots)).toBe(PALETTE[1]);
    expect(clusterColor(100 + PALETTE.length, slots)).toBe(PALETTE[0]);
    expect(clusterColor(-1, slots)).toBe(OUTLIER_COLOR);
    expect(clusterColor(7, slots)).toBe(OUTLIER_COLOR);
  });

  it('fades towards white', () => {
    expect(fadeHex('#000000', 0)).toBe('#ffffff');
    expect(fadeHex('#0072b2', 1)).toBe('#0072b2');
    expect(lab(fadeHex('#0072B2', 0.3)).l).toBeGreaterThan(lab('#0072B2').l);
  });
});

import { describe, expect, it } from 'vitest';
import { centreSquareArea, heatColour, heatOverlayRgba } from './heatOverlay';

describe('heat overlay', () => {
  it('colours no contribution blue and the strongest red, clamping out-of-range values', () => {
    const [r0, g0, b0] = heatColour(0);
    expect(b0).toBeGreaterThan(100);
    expect(r0 + g0).toBe(0);
    const [r1, g1, b1] = heatColour(1);
    expect(r1).toBeGreaterThan(100);
    expect(g1 + b1).toBe(0);
    expect(heatColour(-3)).toEqual(heatColour(0));
    expect(heatColour(7)).toEqual(heatColour(1));
    // Halfway is neither: green dominates.
    const [r, g, b] = heatColour(0.5);
    expect(g).toBeGreaterThan(Math.max(r, b));
  });

  it('makes RGBA pixels at a constant opacity', () => {
    const rgba = heatOverlayRgba(Float32Array.from([0, 1]), 0.4);
    expect(rgba).toHaveLength(8);
    expect([rgba[3], rgba[7]]).toEqual([102, 102]);
    expect(Array.from(rgba.slice(4, 7))).toEqual(heatColour(1));
  });

  it('places a heatmap on the centre square of a frame', () => {
    expect(centreSquareArea(640, 480)).toEqual({ x: 80, y: 0, width: 480, height: 480 });
    expect(centreSquareArea(100, 160)).toEqual({ x: 0, y: 30, width: 100, height: 100 });
  });
});

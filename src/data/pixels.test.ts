import { describe, expect, it } from 'vitest';
import { rgbaToRgb } from './pixels';

describe('rgbaToRgb', () => {
  it('drops alpha, into a new buffer or into the given slice', () => {
    const rgba = Uint8ClampedArray.from([1, 2, 3, 255, 4, 5, 6, 0]);
    expect([...rgbaToRgb(rgba)]).toEqual([1, 2, 3, 4, 5, 6]);
    const target = new Uint8Array(9);
    rgbaToRgb(rgba, target.subarray(3, 9));
    expect([...target]).toEqual([0, 0, 0, 1, 2, 3, 4, 5, 6]);
  });
});

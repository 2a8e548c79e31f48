/** Drops the alpha channel of canvas pixels into `out` (3 bytes per pixel), the layout the engine trains on. */
export function rgbaToRgb(rgba: ArrayLike<number>, out: Uint8Array = new Uint8Array((rgba.length / 4) * 3)): Uint8Array {
  // i + 2 < rgba.length: a canvas gives whole RGBA pixels, 4 values each.
  for (let i = 0, j = 0; i + 2 < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
}

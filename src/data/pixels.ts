/** Drops the alpha channel of canvas pixels into `out` (3 bytes per pixel), the layout the engine trains on. */
export function rgbaToRgb(rgba: ArrayLike<number>, out: Uint8Array = new Uint8Array((rgba.length / 4) * 3)): Uint8Array {
  // A canvas gives whole RGBA pixels (4 values each), so i + 1 and i + 2 are in range too.
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    out[j] = rgba[i]!;
    out[j + 1] = rgba[i + 1]!;
    out[j + 2] = rgba[i + 2]!;
  }
  return out;
}

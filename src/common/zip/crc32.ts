/**
 * CRC-32 (the zip and PNG polynomial), incremental: a zip entry's checksum is checked as it is
 * inflated, chunk by chunk, so a damaged entry is named without holding it whole.
 */
const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** Feed chunks with `update`, read the checksum with `value`. */
export class Crc32 {
  private c = 0xffffffff;

  update(bytes: Uint8Array): void {
    let c = this.c;
    // (c ^ b) & 0xff indexes the 256-entry table.
    for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
    this.c = c;
  }

  value(): number {
    return (this.c ^ 0xffffffff) >>> 0;
  }
}

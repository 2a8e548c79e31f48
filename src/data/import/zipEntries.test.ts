import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openZip, type ZipImport } from './zipEntries';
import { wrongSize } from '../../common/zip/zipEntryReader';

/**
 * Zips written by fflate and then damaged byte by byte where a hostile or broken zip would be: the
 * directory's sizes, an entry's data, the encryption flag, names.
 */
const zipOf = (files: Record<string, string | Uint8Array>, level: 0 | 6 = 6) =>
  zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [name, [typeof data === 'string' ? strToU8(data) : data, { level }]])));

/** Offsets of every central-directory record (signature PK\1\2). */
function centralRecords(zip: Uint8Array): number[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= zip.length; i++) if (view.getUint32(i, true) === 0x02014b50) found.push(i);
  return found;
}

async function readAll(zip: ZipImport) {
  const read = await Promise.all(zip.sources.map((s) => s.use(async (bytes) => new TextDecoder().decode(bytes instanceof Blob ? await bytes.arrayBuffer() : bytes))));
  return Object.fromEntries(zip.sources.map((s, i) => [s.path, read[i]]));
}

const options = { isCancelled: () => false };

describe('openZip', () => {
  it('reads entries one at a time from the File, stored and deflated', async () => {
    const zip = await openZip('z.zip', new Blob([zipOf({ 'a/1.png': 'one'.repeat(1000), 'a/dir/': new Uint8Array(0) })]), options);
    expect(zip.skipped).toEqual([]);
    expect(await readAll(zip)).toEqual({ 'a/1.png': 'one'.repeat(1000) });
    const stored = await openZip('z.zip', new Blob([zipOf({ 'b/2.png': 'two' }, 0)]), options);
    expect(await readAll(stored)).toEqual({ 'b/2.png': 'two' });
  });

  it('a directory that understates an entry: inflating stops at the declared size and the entry is named', async () => {
    const bytes = zipOf({ 'a/big.png': new Uint8Array(4 * 2 ** 20), 'a/ok.png': 'fine' });
    const [first] = centralRecords(bytes);
    // 4,000 bytes: plausible for its ~4 KB of compressed data, so only inflating shows the lie.
    new DataView(bytes.buffer).setUint32(first! + 24, 4000, true);
    const zip = await openZip('z.zip', new Blob([bytes]), options);
    expect(await readAll(zip)).toEqual({ 'a/big.png': { skip: wrongSize() }, 'a/ok.png': 'fine' });
  });

  it('an entry whose compressed size cannot fit its declared size is refused without inflating', async () => {
    const bytes = zipOf({ 'a/x.png': noise(5000) });
    new DataView(bytes.buffer).setUint32(centralRecords(bytes)[0]! + 24, 10, true);
    const zip = await openZip('z.zip', new Blob([bytes]), options);
    expect(zip.skipped).toEqual([{ path: 'z.zip/a/x.png', reason: wrongSize() }]);
  });

  it('a damaged entry is named; the good ones are read', async () => {
    const bytes = zipOf({ 'a/bad.png': 'abc'.repeat(3000), 'a/good.png': 'good' });
    const at = 30 + 'a/bad.png'.length + 3; // inside the first entry's compressed data
    bytes[at] = bytes[at]! ^ 0x55;
    const zip = await openZip('z.zip', new Blob([bytes]), options);
    const read = await readAll(zip);
    expect(read['a/good.png']).toBe('good');
    const reason = (read['a/bad.png'] as { skip: string }).skip;
    expect(reason).toMatch(/^damaged inside the zip|^its size in the zip directory is wrong/);
  });

  it('names encrypted zips, paths leading outside, unknown methods and entries sharing a name', async () => {
    const encrypted = zipOf({ 'a/1.png': 'x' });
    new DataView(encrypted.buffer).setUint16(centralRecords(encrypted)[0]! + 8, 1, true);
    expect((await openZip('secret.zip', new Blob([encrypted]), options)).skipped).toEqual([
      { path: 'secret.zip', reason: 'encrypted (password-protected) zip: the studio cannot open it; unzip it with its password and import the folder' },
    ]);

    const hostile = zipOf({ '../evil.png': 'e', 'a/1.png': 'x', 'a/2.png': 'y' });
    const records = centralRecords(hostile);
    new DataView(hostile.buffer).setUint16(records[2]! + 10, 14, true); // LZMA
    const zip = await openZip('h.zip', new Blob([hostile]), options);
    expect(zip.skipped.map((s) => [s.path, s.reason.split(':')[0]])).toEqual([
      ['h.zip/../evil.png', 'its path leads outside the archive (../ or an absolute path)'],
      ['h.zip/a/2.png', 'compressed with zip method 14, which the studio cannot read'],
    ]);

    // fflate keys files by name, so the second entry of the same name is written by hand: a copy of the zip's records.
    const twice = sameNameTwice();
    const both = await openZip('t.zip', new Blob([twice]), options);
    expect(both.sources.map((s) => s.path)).toEqual(['a/1.png', 'a/1.png']);
    expect(both.notes).toEqual(['t.zip holds 2 entries named “a/1.png”: each is imported on its own (identical ones are reported as duplicates)']);
  });

  it('a file that is not a zip, or a zip cut short, is named', async () => {
    expect((await openZip('n.zip', new Blob(['hello']), options)).skipped[0]!.reason).toMatch(/^not a readable zip: its directory at the end is missing/);
    const cut = zipOf({ 'a/1.png': 'x'.repeat(100) });
    expect((await openZip('c.zip', new Blob([new Uint8Array(cut.subarray(0, cut.length - 30))]), options)).skipped[0]!.reason).toMatch(/^not a readable zip/);
  });

  it('stops reading an entry when the import is cancelled', async () => {
    let cancelled = false;
    const zip = await openZip('z.zip', new Blob([zipOf({ 'a/big.png': new Uint8Array(8 * 2 ** 20) })]), { isCancelled: () => cancelled });
    cancelled = true;
    expect(await readAll(zip)).toEqual({ 'a/big.png': { skip: 'import cancelled' } });
  });
});

/** Bytes deflate cannot shrink (a fixed LCG, so the test is the same every run). */
function noise(length: number): Uint8Array {
  let x = 12345;
  return Uint8Array.from({ length }, () => (x = (x * 1103515245 + 12345) >>> 0) >>> 24);
}

/** A zip of two entries both named a/1.png (different contents), stored. */
function sameNameTwice(): Uint8Array<ArrayBuffer> {
  const one = zipOf({ 'a/1.png': 'first' }, 0);
  const two = zipOf({ 'a/1.png': 'second' }, 0);
  const [c1] = centralRecords(one);
  const [c2] = centralRecords(two);
  const local2 = two.subarray(0, c2);
  const central1 = one.slice(c1, one.length - 22);
  const central2 = two.slice(c2, two.length - 22);
  new DataView(central2.buffer).setUint32(42, c1!, true); // the second local header follows the first
  const end = one.slice(one.length - 22);
  const view = new DataView(end.buffer);
  view.setUint16(8, 2, true);
  view.setUint16(10, 2, true);
  view.setUint32(12, central1.length + central2.length, true);
  view.setUint32(16, c1! + local2.length, true);
  const out = new Uint8Array(c1! + local2.length + central1.length + central2.length + end.length);
  out.set(one.subarray(0, c1));
  out.set(local2, c1);
  out.set(central1, c1! + local2.length);
  out.set(central2, c1! + local2.length + central1.length);
  out.set(end, out.length - end.length);
  return out;
}

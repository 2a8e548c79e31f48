import { describe, expect, it } from 'vitest';
import { parseLayout, type LayoutInput } from './layout';

const files = (...paths: string[]): LayoutInput[] => paths.map((path) => ({ path, size: 100 }));
const images = (layout: ReturnType<typeof parseLayout>) =>
  layout.entries.filter((e) => e.kind === 'image').map((e) => e.kind === 'image' && `${e.path} -> ${e.className}${e.split ? `/${e.split}` : ''}`);
const skipped = (layout: ReturnType<typeof parseLayout>) =>
  Object.fromEntries(layout.entries.filter((e) => e.kind === 'skip').map((e) => [e.path, e.kind === 'skip' && e.reason]));

describe('parseLayout', () => {
  it('reads root/<class>/* from a chosen folder, deeper images belonging to their class', () => {
    const layout = parseLayout(files('pets/cat/a.jpg', 'pets/dog/b.PNG', 'pets/dog/old/c.jpeg'));
    expect(layout.classNames).toEqual(['cat', 'dog']);
    expect(layout.givenSplit).toBe(false);
    expect(images(layout)).toEqual(['pets/cat/a.jpg -> cat', 'pets/dog/b.PNG -> dog', 'pets/dog/old/c.jpeg -> dog']);
  });

  it('makes one dataset of several class folders dropped at once', () => {
    const layout = parseLayout(files('/cat/a.jpg', '/dog/b.jpg', '/bird/c.webp'));
    expect(layout.classNames).toEqual(['bird', 'cat', 'dog']);
  });

  it('keeps a given train/val/test split, folder names in any case', () => {
    const layout = parseLayout(files('data/train/ants/1.jpg', 'data/train/bees/2.jpg', 'data/VAL/ants/3.jpg', 'data/test/bees/4.jpg'));
    expect(layout.givenSplit).toBe(true);
    expect(layout.classNames).toEqual(['ants', 'bees']);
    expect(images(layout)).toEqual([
      'data/VAL/ants/3.jpg -> ants/validation', 'data/test/bees/4.jpg -> bees/test',
      'data/train/ants/1.jpg -> ants/train', 'data/train/bees/2.jpg -> bees/train',
    ]);
  });

  it('treats folders named like splits as classes when there is no train folder', () => {
    const layout = parseLayout(files('x/val/a.jpg', 'x/test/b.jpg'));
    expect(layout.givenSplit).toBe(false);
    expect(layout.classNames).toEqual(['test', 'val']);
  });

  it('a lone folder of images is one class', () => {
    const layout = parseLayout(files('cats/a.jpg', 'cats/b.jpg'));
    expect(layout.classNames).toEqual(['cats']);
  });

  it('skips hidden, system, non-image, vector, HEIC, empty and class-less files with the reason', () => {
    const layout = parseLayout([
      ...files('d/cat/a.jpg', 'd/dog/b.jpg', 'd/readme.txt', 'd/cat/.DS_Store', 'd/cat/._a.jpg', 'd/__MACOSX/cat/a.jpg', 'd/dog/logo.svg',
        'd/dog/phone.HEIC', 'd/dog/notes', 'd/root.jpg', 'd/dog/Thumbs.db'),
      { path: 'd/cat/empty.png', size: 0 },
    ]);
    expect(layout.classNames).toEqual(['cat', 'dog']);
    expect(skipped(layout)).toEqual({
      'd/readme.txt': 'not an image file (.txt)',
      'd/cat/.DS_Store': 'hidden or system file',
      'd/cat/._a.jpg': 'hidden or system file',
      'd/__MACOSX/cat/a.jpg': 'hidden or system file',
      'd/dog/logo.svg': 'SVG (vector) images are not supported',
      'd/dog/phone.HEIC': 'HEIC/HEIF cannot be decoded by the browser: export it as JPEG',
      'd/dog/notes': 'not an image file (no extension)',
      'd/root.jpg': 'not inside a class folder',
      'd/dog/Thumbs.db': 'hidden or system file',
      'd/cat/empty.png': 'empty file (0 bytes)',
    });
  });

  it('keeps unicode and markup-like names as they are', () => {
    const layout = parseLayout(files('d/café/<b>x</b>.jpg', 'd/猫/写真.png'));
    expect(layout.classNames).toEqual(['café', '猫']);
    expect(images(layout)).toContain('d/café/<b>x</b>.jpg -> café');
  });

  it('skips files lying directly in a split folder', () => {
    const layout = parseLayout(files('d/train/cat/a.jpg', 'd/train/b.jpg', 'd/val/cat/c.jpg'));
    expect(skipped(layout)).toEqual({ 'd/train/b.jpg': 'not inside a class folder of its split' });
  });
});

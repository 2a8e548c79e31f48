import { describe, expect, it } from 'vitest';
import { LiveFrames } from './liveFrames';

/** An inference that finishes only when the test says so. */
function controlledInference() {
  const pending: { frame: number; finish: () => void }[] = [];
  const infer = (frame: number) => new Promise<string>((resolve) => { pending.push({ frame, finish: () => resolve(`top of ${frame}`) }); });
  return { pending, infer };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('LiveFrames', () => {
  it('when it may run at once: one frame inferred at a time, a newer waiting frame replaces the older, which is skipped and released', async () => {
    const { pending, infer } = controlledInference();
    const released: number[] = [];
    const live = new LiveFrames<number, string>(infer, (f) => released.push(f), () => true);
    const first = live.submit(1);
    const second = live.submit(2);
    const third = live.submit(3);
    await settle();
    expect(pending.map((p) => p.frame)).toEqual([1]);
    expect(await second).toEqual({ status: 'skipped' });
    expect(released).toEqual([2]);
    pending[0]!.finish();
    expect(await first).toEqual({ status: 'done', result: 'top of 1' });
    await settle();
    // The frame that waited runs next; frame 2 never reached the model.
    expect(pending.map((p) => p.frame)).toEqual([1, 3]);
    pending[1]!.finish();
    expect(await third).toEqual({ status: 'done', result: 'top of 3' });
    expect(released).toEqual([2, 1, 3]);
  });

  it('during a run: frames wait for runOne (between steps), which infers one frame only, the newest', async () => {
    const { pending, infer } = controlledInference();
    const live = new LiveFrames<number, string>(infer, () => {}, () => false);
    const older = live.submit(1);
    const newer = live.submit(2);
    await settle();
    expect(pending).toHaveLength(0);
    expect(await older).toEqual({ status: 'skipped' });
    const step = live.runOne();
    await settle();
    expect(pending.map((p) => p.frame)).toEqual([2]);
    const later = live.submit(3);
    pending[0]!.finish();
    await step;
    expect(await newer).toEqual({ status: 'done', result: 'top of 2' });
    await settle();
    // Frame 3 came while 2 was inferred: it waits for the next step rather than delaying this one further.
    expect(pending).toHaveLength(1);
    const nextStep = live.runOne();
    await settle();
    pending[1]!.finish();
    await nextStep;
    expect(await later).toEqual({ status: 'done', result: 'top of 3' });
  });

  it('a failed inference rejects that frame only, and the frame is still released', async () => {
    const released: number[] = [];
    const live = new LiveFrames<number, string>(async (f) => { if (f === 1) throw new Error('no model'); return 'ok'; }, (f) => released.push(f), () => true);
    await expect(live.submit(1)).rejects.toThrow('no model');
    expect(await live.submit(2)).toEqual({ status: 'done', result: 'ok' });
    expect(released).toEqual([1, 2]);
  });
});

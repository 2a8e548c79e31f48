import { describe, expect, it } from 'vitest';
import { cameraRefusal, FrameRate } from './camera';

const domError = (name: string) => Object.assign(new Error('denied'), { name });

describe('cameraRefusal', () => {
  it('says why the camera is off and what to do, for each way getUserMedia fails', () => {
    expect(cameraRefusal(domError('NotAllowedError'))).toMatch(/not allowed.*site settings.*Start camera again.*works without it/);
    expect(cameraRefusal(domError('NotFoundError'))).toMatch(/No camera was found.*Connect one/);
    expect(cameraRefusal(domError('NotReadableError'))).toMatch(/another program.*Close that one/);
    expect(cameraRefusal(new Error('odd failure'))).toMatch(/could not start \(odd failure\).*try again/);
  });
});

describe('FrameRate', () => {
  it('counts answered frames per second over its window, and falls to 0 when they stop', () => {
    const rate = new FrameRate(1000);
    for (let t = 0; t <= 900; t += 100) rate.add(t);
    expect(rate.perSecond(900)).toBeCloseTo(10, 5);
    // Only frames of the last second count: at 1,850 ms the frames from 900 ms on are left.
    rate.add(1850);
    expect(rate.perSecond(1850)).toBeCloseTo(1000 / 950, 5);
    expect(rate.perSecond(5000)).toBe(0);
  });
});

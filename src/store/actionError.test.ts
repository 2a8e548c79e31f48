import { beforeEach, describe, expect, it } from 'vitest';
import { action, clearError, reportError, useActionError } from './actionError';
import { EngineCrashError } from './engineClient';

const error = () => useActionError.getState().error;

describe('the action wrapper: one field for every failed action', () => {
  beforeEach(() => useActionError.setState({ error: null }));

  it('reports a failure with its part and action and resolves to the fallback', async () => {
    const exportModel = action('transfer', 'exportModel', async (_format: string) => { throw new Error('disk full'); }, { fallback: null });
    await expect(exportModel('thaw')).resolves.toBeNull();
    expect(error()).toEqual({ part: 'transfer', action: 'exportModel', message: 'disk full' });
  });

  it('passes a success through; starting clears its own part\'s error, not another part\'s', async () => {
    const build = action('model', 'rebuildModel', async (width: number) => width * 2);
    reportError('model', 'rebuildModel', 'could not be downloaded');
    await expect(build(4)).resolves.toBe(8);
    expect(error()).toBeNull();
    reportError('run', 'train', 'no dataset');
    await build(4);
    expect(error()?.part).toBe('run');
  });

  it('names the file (or whatever the arguments say) when asked to', async () => {
    const predict = action('predict', 'predict', async (_file: { name: string }) => { throw new Error('could not be read as an image'); }, {
      fallback: null, describe: (reason, file) => `${file.name}: ${reason}`,
    });
    await predict({ name: 'notes.txt' });
    expect(error()?.message).toBe('notes.txt: could not be read as an image');
  });

  it('a background action leaves the error shown as it is', async () => {
    const images = action('run', 'fetchValidationImages', async () => [1], { fallback: [], clearsError: false });
    reportError('run', 'train', 'no dataset');
    await images();
    expect(error()?.message).toBe('no dataset');
  });

  it('an engine crash is reported once, by the engine, and stays until the engine part clears it', async () => {
    const train = action('run', 'train', async () => { throw new EngineCrashError('simulated engine crash'); }, { fallback: 'failed' });
    await expect(train()).resolves.toBe('failed');
    expect(error()).toBeNull();
    reportError('engine', 'crash', new EngineCrashError('simulated engine crash'));
    reportError('datasets', 'refresh', 'later');
    expect(error()).toEqual({ part: 'engine', action: 'crash', message: 'simulated engine crash' });
    clearError('run');
    expect(error()?.part).toBe('engine');
    clearError('engine');
    expect(error()).toBeNull();
  });
});

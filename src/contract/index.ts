/**
 * The contract: every shape that crosses a border of the studio (worker messages, IndexedDB records,
 * files a user imports or downloads), each a zod schema with its type inferred from it. It imports
 * nothing of the project, so every layer may import it.
 */
export { z } from './zod';
export * from './issues';
export * from './numbers';
export * from './backend';
export * from './model';
export * from './forms';
export * from './augmentation';
export * from './training';
export * from './dataset';
export * from './metrics';
export * from './snapshots';
export * from './checkpoint';
export * from './runRecord';
export * from './exportedConfig';
export * from './settings';
export * from './settingsFile';
export * from './modelCard';
export * from './results';
export * from './importedConfig';
export * from './gradCam';
export * from './grid';
export * from './adaptation';

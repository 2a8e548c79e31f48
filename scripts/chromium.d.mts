export declare const CHROMIUM_ARGS: string[];
export declare const CHROMIUM_GPU_ARGS: string[];
export declare const SYSTEM_CHROMIUM: string[];
export interface FoundChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'PATH' | 'playwright';
}
export declare function onPath(name: string, env?: NodeJS.ProcessEnv): string | undefined;
export declare function findChromium(
  env?: NodeJS.ProcessEnv,
  options?: { systemPaths?: string[]; playwright?: () => string | undefined },
): FoundChromium | undefined;
export declare function chromiumExecutable(): string | undefined;

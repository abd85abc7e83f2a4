import type { ViteUserConfig } from 'vitest/config';

export interface CoverageThresholds {
  statements: number;
  branches: number;
  functions: number;
  lines: number;
}

export interface ProjectVitestOptions {
  /** The vitest project name (the package name for packages, the folder name for apps). */
  name: string;
  /** Test globs (default: tests in src/ and tests/). */
  include?: string[];
  /** This package's measured coverage floor; without it coverage is not configured. */
  coverageThresholds?: CoverageThresholds;
  /** Merged last: other `test` settings (timeouts, fileParallelism, root…) and top-level vite settings. */
  overrides?: ViteUserConfig;
}

/** The vitest config every package and app uses: source conditions, no watch, restored mocks, optional coverage. */
export declare function defineProjectVitestConfig(options: ProjectVitestOptions): ViteUserConfig;

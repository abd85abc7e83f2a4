// One flat config for the whole repository: typescript-eslint with type-checked rules.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layering (docs/architecture.md): data flows core -> protocol -> domain -> server -> client -> app, never back.
// Each project carries one `layer:*` tag (package.json "nx".tags, or project.json); a project may import its own
// layer (apps excepted) and the layers below it. `layer:test` (@observatory/test-utils) is for tests, benches,
// examples and config files only: the stricter block for src/ leaves it out.
const LAYERS = ['layer:core', 'layer:protocol', 'layer:domain', 'layer:server', 'layer:client'];
const below = (tag) => LAYERS.slice(0, LAYERS.indexOf(tag) + 1);

/** @param {boolean} testUtils whether `layer:test` may be imported */
function boundaries(testUtils) {
  const test = testUtils ? ['layer:test'] : [];
  return {
    // Tests and examples import their own package by name, as a user would; src must use relative paths.
    allowCircularSelfDependency: testUtils,
    // Dependencies of tests make project-level edges back from a package to test-utils; not a module cycle.
    // Lint passes without this too, but then test-utils importing a package is reported as a "circular
    // dependency" instead of the layer rule it breaks (tools/scripts/tests/module-boundaries.test.mjs).
    ignoredCircularDependencies: [['@observatory/test-utils', '*']],
    // OET scripts load the Tango client with import() so it stays optional; nothing here is bundled, so a static
    // import of the same package elsewhere is fine (the check is meant for lazy-loaded front-end chunks).
    checkDynamicDependenciesExceptions: ['.*'],
    depConstraints: [
      ...LAYERS.map((tag) => ({ sourceTag: tag, onlyDependOnLibsWithTags: [...below(tag), ...test] })),
      { sourceTag: 'layer:app', onlyDependOnLibsWithTags: [...LAYERS, ...test] },
      { sourceTag: 'layer:tools', onlyDependOnLibsWithTags: [...LAYERS, 'layer:test', 'layer:tools'] },
      { sourceTag: 'layer:test', onlyDependOnLibsWithTags: ['layer:core', 'layer:test'] },
      // No catch-all entry: Nx already rejects every import of ours from a project without a layer tag.
    ],
  };
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/out-tsc/**', '**/node_modules/**', '**/coverage/**', '**/.nx/**', '**/*.timestamp*'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  {
    // Tests, benches, examples and CLIs may print; tests use loose typing around fixtures.
    files: ['**/tests/**', '**/*.test.ts', '**/bench/**', '**/examples/**', '**/src/main.ts', '**/src/cli/**', 'tools/**', 'apps/**'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.mjs', '**/*.js'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(true)] },
  },
  {
    // Published and deployed code: no test-utils, no importing itself by its package name.
    files: ['packages/*/src/**', 'apps/*/src/**'],
    ignores: ['**/*.test.*', 'packages/test-utils/**'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(false)] },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
  },
);

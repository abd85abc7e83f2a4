// The layer rule in eslint.config.mjs (@nx/enforce-module-boundaries) on imports that flow back: each case is
// linted with the repository's real config as a virtual .mjs file inside a project, so the rule sees the same
// project graph and tags as `nx run <project>:lint`.
import { readCachedProjectGraph, createProjectGraphAsync } from '@nx/devkit';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, test } from 'vitest';
import { root } from '../workspace.mjs';

const RULE = '@nx/enforce-module-boundaries';
let eslint;
let graph;

beforeAll(async () => {
  // The rule reads the cached project graph and silently skips when there is none (a fresh clone, vitest run
  // outside Nx): compute it first so a missing cache cannot make these tests pass vacuously.
  try {
    graph = readCachedProjectGraph();
  } catch {
    graph = await createProjectGraphAsync({ exitOnError: false });
  }
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(filePath, specifier) {
  const [result] = await eslint.lintText(`export { x } from '${specifier}';\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === RULE).map((m) => m.message);
}

describe('imports that flow back fail the lint', () => {
  test.each([
    ['a protocol package imports a server', 'packages/backend-protocol/src/probe.mjs', '@ska/oet-server', /"layer:protocol" can only depend on/],
    ['a domain package imports a server', 'packages/simulators/src/probe.mjs', '@ska/oet-server', /"layer:domain" can only depend on/],
    ['the server imports a client of it', 'packages/oet-server/src/probe.mjs', '@ska/skallop', /"layer:server" can only depend on/],
    ['core imports a package built on it', 'packages/core/src/probe.mjs', '@observatory/tango', /Circular dependency|"layer:core"/],
    ['a package imports an app', 'packages/skallop/src/probe.mjs', 'oet-rest/package.json', /"layer:client" can only depend on/],
    ['an app imports an app', 'apps/stack/src/probe.mjs', 'oet-rest/package.json', /"layer:app" can only depend on/],
    ['src imports test-utils', 'packages/telescope-simulator/src/probe.mjs', '@observatory/test-utils', /"layer:domain" can only depend on/],
    ['an app\'s src imports test-utils', 'apps/stack/src/probe.mjs', '@observatory/test-utils', /"layer:app" can only depend on/],
    ['test-utils imports a domain package', 'packages/test-utils/src/probe.mjs', '@ska/telescope-simulator', /"layer:test" can only depend on/],
    ['src reaches into another package by path', 'packages/oet-cli/src/probe.mjs', '../../oet-server/src/index.js', /relative or absolute path/],
    ['src imports its own package by name', 'packages/simulators/src/probe.mjs', '@discos/simulators', /relative imports/],
  ])('%s', async (_name, file, specifier, message) => {
    const errors = await boundaryErrors(file, specifier);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});

describe('imports that follow the layers pass', () => {
  test.each([
    ['a domain package imports a protocol package', 'packages/simulators/src/probe.mjs', '@discos/backend-protocol'],
    ['a client imports a domain package', 'packages/skallop/src/probe.mjs', '@ska/telescope-simulator'],
    ['a client\'s tests import the server', 'packages/oet-cli/tests/probe.mjs', '@ska/oet-server'],
    ['tests import test-utils', 'packages/core/tests/probe.mjs', '@observatory/test-utils'],
    ['a unit test in src imports test-utils', 'packages/core/src/probe.test.mjs', '@observatory/test-utils'],
    ['an example imports its package by name', 'packages/simulators/examples/probe.mjs', '@discos/simulators'],
    ['an app imports a client', 'apps/stack/src/probe.mjs', '@ska/oet-cli'],
  ])('%s', async (_name, file, specifier) => {
    expect(await boundaryErrors(file, specifier)).toEqual([]);
  });
});

test('every project has exactly one layer tag', () => {
  const untagged = Object.values(graph.nodes)
    .filter((node) => node.data.tags.filter((t) => t.startsWith('layer:')).length !== 1)
    .map((node) => node.name);
  expect(untagged).toEqual([]);
});

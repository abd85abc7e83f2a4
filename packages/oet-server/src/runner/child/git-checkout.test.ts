import { describe, expect, it } from 'vitest';
import { projectName } from './git-checkout.js';

describe('projectName', () => {
  it.each([
    ['https://gitlab.com/ska-telescope/oso/ska-oso-scripting.git', 'gitlab.com-ska-telescope-oso-ska-oso-scripting'],
    ['/tmp/x/scripts.git', 'tmp-x-scripts'],
    ['git@github.com:org/repo.git', 'git-github.com-org-repo'],
    ['file:///srv/repo', 'srv-repo'],
  ])('%s -> %s', (repo, name) => {
    expect(projectName(repo)).toBe(name);
  });
});

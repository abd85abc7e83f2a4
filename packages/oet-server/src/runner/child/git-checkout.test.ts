import { describe, expect, it } from 'vitest';
import { projectName } from './git-checkout.js';

describe('projectName', () => {
  it.each([
    ['https://gitlab.com/ska-telescope/oso/ska-oso-scripting.git', 'gitlab.com-ska-telescope-oso-ska-oso-scripting'],
    ['/tmp/x/scripts.git', 'tmp-x-scripts'],
    ['git@github.com:org/repo.git', 'git-github.com-org-repo'],
    ['file:///srv/repo', 'srv-repo'],
    ['https://x.org/a/../../b', 'x.org-b'],
  ])('%s -> %s plus a hash of the exact text', (repo, name) => {
    expect(projectName(repo)).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
  });

  it('keeps repositories whose readable names collide apart, and never yields a path', () => {
    expect(projectName('/srv/a-b')).not.toBe(projectName('/srv/a/b'));
    for (const repo of [':/x/../../../proj/abc', '../../..', '..', '/', 'a/../../b']) {
      const name = projectName(repo);
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(name).not.toContain('..');
    }
  });
});

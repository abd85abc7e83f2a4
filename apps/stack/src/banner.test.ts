import { describe, expect, it } from 'vitest';
import { OET_CLI_DEFAULT_URL, formatBanner } from './banner.js';

const info = { telescopeUrl: 'http://127.0.0.1:5100', telescope: 'mid', scriptsDir: '/repo/apps/oet-rest/scripts', readViaPubsub: false, startupMs: 1234 };

describe('formatBanner', () => {
  it('lists the services and the commands to try, without OET_URL on the CLI default URL', () => {
    const text = formatBanner({ ...info, oetUrl: OET_CLI_DEFAULT_URL });
    expect(text).toContain('Local stack ready in 1.2 s');
    expect(text).toContain(`  OET REST server       ${OET_CLI_DEFAULT_URL}`);
    expect(text).toContain('  telescope simulator   http://127.0.0.1:5100 (mid, read_via_pubsub=false)');
    expect(text).toContain('  example scripts       /repo/apps/oet-rest/scripts');
    expect(text).toContain('  npx oet procedure create file:///repo/apps/oet-rest/scripts/observe.js');
    expect(text).not.toContain('OET_URL');
  });

  it('names the web console when it runs', () => {
    expect(formatBanner({ ...info, oetUrl: OET_CLI_DEFAULT_URL })).not.toContain('web console');
    const text = formatBanner({ ...info, oetUrl: OET_CLI_DEFAULT_URL, consoleUrl: 'http://127.0.0.1:5000/console/' });
    expect(text).toContain('  web console           http://127.0.0.1:5000/console/');
  });

  it('tells the CLI where the OET is when it is not on the default URL', () => {
    const text = formatBanner({ ...info, oetUrl: 'http://127.0.0.1:41234/ska-oso-oet/oet/api/v7' });
    expect(text).toContain('  export OET_URL=http://127.0.0.1:41234/ska-oso-oet/oet/api/v7\n  npx oet procedure create');
  });
});

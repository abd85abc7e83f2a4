import { describe, expect, it } from 'vitest';
import { serveConsole } from '../examples/serve-console.js';
import { exampleScripts } from './support/console-stack.js';

describe('examples', () => {
  it('serve-console serves the built console and tells it where the API is', async () => {
    const { consoleUrl, config, page } = await serveConsole(exampleScripts);
    expect(consoleUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/console\/$/);
    expect(page).toContain('<title>OET console</title>');
    expect(config).toEqual({ apiBase: '/ska-oso-oet/oet/api/v7', telescope: false });
  });
});

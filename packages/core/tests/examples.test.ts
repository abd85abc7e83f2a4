import { describe, expect, it } from 'vitest';
import { lineServerExample } from '../examples/line-server.js';

describe('README examples', () => {
  it('line server: greeting, then pipelined replies in order', async () => {
    expect(await lineServerExample()).toEqual(['hello', 'STATUS', 'PING']);
  });
});

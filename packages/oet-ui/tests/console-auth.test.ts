// The console against a server with authentication on: the token field, and 401/403 shown plainly.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { chromiumMissing, launchChromium } from './support/chromium.js';
import { startConsoleStack, writeSecret, type ConsoleStack } from './support/console-stack.js';
import { signHs256 } from './support/jwt.js';
import { screenshot } from './support/page-tools.js';

describe.skipIf(chromiumMissing)(`the console with authentication on ${chromiumMissing ?? ''}`, () => {
  let dir: string;
  let secret: string;
  let stack: ConsoleStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'oet-ui-auth-'));
    const written = await writeSecret(dir);
    secret = written.secret;
    stack = await startConsoleStack({ auth: { mode: 'jwt', secretFile: written.file } });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function useToken(token: string): Promise<void> {
    await page.getByLabel('Access token').fill(token);
    await page.getByRole('button', { name: 'Use token' }).click();
  }

  it('says 401 without a token, 403 for a token without the scope, and works with a good one', async () => {
    await page.goto(stack.consoleUrl);
    const alert = page.getByRole('alert').first();
    await page.locator('[role="alert"][data-status="401"]').first().waitFor();
    await expect(alert.textContent()).resolves.toMatch(/401 Unauthorized: this server needs a valid access token/);
    await screenshot(page, 'auth-401');

    await useToken(signHs256({ sub: 'observer', roles: ['SW_ENGINEER'], scp: 'activity:execute' }, secret));
    await page.locator('[role="alert"][data-status="403"]').first().waitFor();
    await expect(page.locator('[role="alert"][data-status="403"]').first().textContent()).resolves.toMatch(/403 Forbidden: your token is valid but lacks the scope or role/);

    await useToken(signHs256({ sub: 'operator', name: 'Ada Operator', roles: ['MID_TELESCOPE_OPERATOR'], scp: 'procedure:read procedure:execute' }, secret));
    await page.locator('.connection[data-status="live"]').waitFor();
    await expect(page.locator('[role="alert"]').count()).resolves.toBe(0);
    // the token stays for the session (a reload keeps it), never in the URL
    await page.reload();
    await page.locator('.connection[data-status="live"]').waitFor();
    expect(page.url()).not.toContain('ey');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Create', exact: true }).click();
    await page.locator('#script option', { hasText: /^hello\.js / }).waitFor({ state: 'attached' });
  });
});

import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

export const screenshotDir = fileURLToPath(new URL('../../screenshots', import.meta.url));
const docsDir = fileURLToPath(new URL('../../../../docs/images/console', import.meta.url));

/**
 * Writes `screenshots/<name>.png`; with UPDATE_DOCS_SCREENSHOTS=1 also refreshes the copy in
 * docs/images/console/ (the getting-started guide shows those).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide' });
  if (process.env.UPDATE_DOCS_SCREENSHOTS === '1') {
    await mkdir(docsDir, { recursive: true });
    await copyFile(file, path.join(docsDir, `${name}.png`));
  }
}

/** Records every state each procedure card shows (a MutationObserver installed before the page loads). */
export async function recordCardStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cardStates: Record<string, string[]> };
    w.__cardStates = {};
    const scan = () => {
      for (const card of document.querySelectorAll<HTMLElement>('.card[data-pid]')) {
        const pid = card.dataset.pid!;
        const list = (w.__cardStates[pid] ??= []);
        const state = card.dataset.state!;
        if (list.at(-1) !== state) list.push(state);
      }
    };
    new MutationObserver(scan).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
}

export async function cardStates(page: Page, pid: number): Promise<string[]> {
  return page.evaluate((id) => (window as unknown as { __cardStates: Record<string, string[]> }).__cardStates[String(id)] ?? [], pid);
}

/** The procedure id the console selected after "Create and start" (`#/procedures/<id>`). */
export async function selectedPid(page: Page, timeout = 20_000): Promise<number> {
  await page.waitForURL(/#\/procedures\/\d+$/, { timeout });
  return Number(/#\/procedures\/(\d+)$/.exec(page.url())![1]);
}

/**
 * Text contrast of every visible HTML element with its own text (WCAG: 4.5:1, 3:1 for large text),
 * against the first opaque background up the tree. Returns the failures.
 */
export async function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string) => {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c);
      return m ? { r: +m[1]!, g: +m[2]!, b: +m[3]!, a: m[4] === undefined ? 1 : +m[4] } : undefined;
    };
    const lum = ({ r, g, b }: { r: number; g: number; b: number }) => {
      const f = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el: Element | null) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.a > 0.9) return bg;
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const failures: string[] = [];
    for (const el of document.body.querySelectorAll<HTMLElement>('*')) {
      if (el.closest('svg') || el.closest('dialog:not([open])')) continue;
      const own = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '');
      if (!own || el.offsetParent === null) continue;
      const style = getComputedStyle(el);
      const fg = parse(style.color);
      if (!fg) continue;
      const bg = background(el);
      const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
      const ratio = (hi + 0.05) / (lo + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      const disabled = (el as HTMLButtonElement).disabled === true; // WCAG exempts inactive controls
      if (!disabled && ratio < (large ? 3 : 4.5)) failures.push(`${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 30)}" ${ratio.toFixed(2)}`);
    }
    return failures;
  });
}

/** Form controls without a label (a `<label>`, aria-label or aria-labelledby). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')]
      .filter((c) => c.type !== 'hidden' && (c.labels?.length ?? 0) === 0 && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
      .map((c) => c.outerHTML.slice(0, 80)),
  );
}

// `.js` scripts are ES modules whatever the enclosing package.json says. npm 11's `npm init -y` writes
// "type": "commonjs", under which Node parses `export function main` as CommonJS and fails with
// "Unexpected token 'export'". Installed in the script's process only when Node would pick CommonJS.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

// Files outside node_modules that Node would load as CommonJS but that use ES module syntax load as ES modules;
// CommonJS files (`exports.main = ...`) and dependencies are left alone.
const HOOK = `
const ESM = /^[ \\t]*(?:import[\\s{*'"]|export[\\s{*])/m;
export async function load(url, context, next) {
  const result = await next(url, context);
  if (result.format !== 'commonjs' || !url.startsWith('file:') || url.includes('/node_modules/') || !/\\.js$/.test(url)) return result;
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  const source = result.source == null ? await readFile(fileURLToPath(url), 'utf8') : String(result.source);
  return ESM.test(source) ? { format: 'module', source, shortCircuit: true } : result;
}
`;

/** The hooks module as a data: URL for `module.register`. */
export const JS_MODULE_HOOK_URL = `data:text/javascript,${encodeURIComponent(HOOK)}`;

/** Whether Node would treat this `.js` file as CommonJS: its nearest package.json lacks `"type": "module"`. */
export function jsLoadsAsCommonJs(file: string): boolean {
  if (path.extname(file) !== '.js') return false;
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type !== 'module';
      } catch {
        return true;
      }
    }
    if (path.dirname(dir) === dir) return true;
  }
}

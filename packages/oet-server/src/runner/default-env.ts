// The "default environment" of git scripts (issue item 6): OET 7 runs a git script in its image's Python
// environment (with ska-oso-scripting) unless create_env is set. Ours: a bare import a git script's own clone
// cannot resolve (it has no node_modules without create_env) is resolved again from the server's own
// package, so `@ska/telescope-simulator/client`, `@observatory/tango` and whatever is installed next to the
// server are importable. The hook runs on the loader thread, so it travels as a data: URL.

const HOOKS = `
let fallbackParent;
export async function initialize(data) {
  fallbackParent = data.parentURL;
}
const BARE = /^(?![./]|[a-zA-Z][a-zA-Z0-9+.-]*:)/;
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && BARE.test(specifier) && context.parentURL !== fallbackParent) {
      try {
        return await next(specifier, { ...context, parentURL: fallbackParent });
      } catch {
        // not in the default environment either: report the script's own failure
      }
    }
    throw err;
  }
}
`;

/** The hooks module as a data: URL for `module.register`. */
export const DEFAULT_ENV_HOOKS_URL = `data:text/javascript,${encodeURIComponent(HOOKS)}`;

/** Where the default environment resolves from: this package (its node_modules and those above it). */
export function defaultEnvironmentUrl(): string {
  return import.meta.url;
}

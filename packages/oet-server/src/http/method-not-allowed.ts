import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

const escapeRegExp = (text: string) => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `/procedures/:id` -> /^\/procedures\/[^/]+\/?$/; `*` matches the rest. */
function routePattern(url: string): RegExp {
  const body = url
    .replace(/\/+$/, '')
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part === '*' ? '.*' : escapeRegExp(part).replace(/\\\*|\*/g, '.*')))
    .join('/');
  return new RegExp(`^${body}/?$`);
}

/**
 * Remembers every route the app gets (including ones registered later by other modules), so a wrong
 * method on an existing path can be answered 405 with `Allow` instead of 404. Install before routes.
 */
export function trackRouteMethods(app: FastifyInstance): (path: string) => string[] {
  const routes = new Map<string, KnownRoute>();
  app.addHook('onRoute', (route) => {
    const key = route.url.replace(/\/+$/, '') || '/';
    let known = routes.get(key);
    if (!known) {
      known = { pattern: routePattern(route.url), methods: new Set() };
      routes.set(key, known);
    }
    for (const method of [route.method].flat()) known.methods.add(method.toUpperCase());
  });
  return (path) => {
    const pathname = path.split('?')[0] ?? path;
    const allowed = new Set<string>();
    for (const route of routes.values()) if (route.pattern.test(pathname)) for (const m of route.methods) allowed.add(m);
    return [...allowed].sort();
  };
}

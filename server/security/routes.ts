import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
}

const registries = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/**
 * Records every route added to `app` from now on, in plugins too (hooks are inherited): the
 * per-store authorization test goes over this list, so a route added without a test fails it.
 * HEAD routes that Fastify adds beside GET ones are left out.
 */
export function trackRoutes(app: FastifyInstance): void {
  const list: RegisteredRoute[] = [];
  registries.set(app, list);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' && route.exposeHeadRoute !== false && list.some((r) => r.method === 'GET' && r.url === route.url)) continue;
      list.push({ method, url: route.url });
    }
  });
}

/** The routes `app` registered since trackRoutes, as `METHOD /path`. */
export function registeredRoutes(app: FastifyInstance): string[] {
  return (registries.get(app) ?? []).map((r) => `${r.method} ${r.url}`);
}

import { TestApp } from './test-app';

interface ExpressLayer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** `METHOD /path` of every route the HTTP router serves (Nest controllers), GraphQL aside. */
export function httpRoutes(t: TestApp): string[] {
  const express = t.app.getHttpAdapter().getInstance() as { router: { stack: ExpressLayer[] } };
  return express.router.stack.flatMap((layer) =>
    // Nest's catch-all "not found" handlers (`/{*path}`) are not routes anyone calls, and a
    // middleware bound to every method of a path (the feed's CORS) is not a route of its own:
    // a controller's route answers one method.
    layer.route &&
    !layer.route.path.includes('*') &&
    Object.keys(layer.route.methods).filter((method) => method !== '_all').length === 1
      ? Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route!.path}`)
      : [],
  );
}

// "Unknown fields rejected": every object in every route's params, query and body schema is strict, at
// every depth. zod's default strips unknown keys silently, which would let a misspelt field pass as
// absent; this walks each schema and names any object that is not `.strict()` (or z.strictObject).
import { mountedRoutes } from '../../api/app';
import { effectiveSchemas, routeKey } from '../../api/routing';

interface Def {
  type: string;
  shape?: Record<string, { _zod: { def: Def } }>;
  catchall?: { _zod: { def: Def } };
  element?: Node;
  innerType?: Node;
  options?: Node[];
  left?: Node;
  right?: Node;
  in?: Node;
  out?: Node;
  items?: Node[];
  rest?: Node | null;
  keyType?: Node;
  valueType?: Node;
  getter?: () => Node;
}
type Node = { _zod: { def: Def } };

function looseObjects(schema: Node, path: string, seen = new Set<Node>()): string[] {
  if (!schema?._zod || seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  const walk = (child: Node | null | undefined, at: string) => (child ? looseObjects(child, at, seen) : []);
  switch (def.type) {
    case 'object': {
      const own = def.catchall?._zod.def.type === 'never' ? [] : [path || '/'];
      return own.concat(Object.entries(def.shape ?? {}).flatMap(([key, child]) => walk(child, `${path}/${key}`)));
    }
    case 'array':
      return walk(def.element, `${path}/*`);
    case 'union':
      return (def.options ?? []).flatMap((option, i) => walk(option, `${path}(option ${i})`));
    case 'intersection':
      return [...walk(def.left, path), ...walk(def.right, path)];
    case 'pipe':
      return [...walk(def.in, path), ...walk(def.out, path)];
    case 'tuple':
      return [...(def.items ?? []).flatMap((item, i) => walk(item, `${path}/${i}`)), ...walk(def.rest, `${path}/*`)];
    case 'record':
      return walk(def.valueType, `${path}/*`);
    case 'lazy':
      return walk(def.getter?.(), path);
    default:
      return walk(def.innerType, path); // optional, nullable, default, prefault, readonly, catch, ...
  }
}

const routes = mountedRoutes.flatMap(({ basePath, routes: list }) => list.map((route) => ({ key: routeKey(basePath, route), route })));

test.each(routes.map((r) => [r.key, r.route] as const))('%s rejects unknown fields everywhere', (_key, route) => {
  const schemas = effectiveSchemas(route);
  const loose = [
    ...looseObjects(schemas.params as unknown as Node, 'params'),
    ...looseObjects(schemas.query as unknown as Node, 'query'),
    ...(schemas.body ? looseObjects(schemas.body as unknown as Node, 'body') : []),
  ];
  expect(loose).toEqual([]);
});

test('the walker finds a loose object', async () => {
  const { z } = await import('zod');
  const schema = z.object({ a: z.array(z.object({ b: z.string() })), c: z.object({}).strict() }).strict();
  expect(looseObjects(schema as unknown as Node, 'body')).toEqual(['body/a/*']);
});

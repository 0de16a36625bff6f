import { lazy, type ComponentType, type LazyExoticComponent } from "react";

// `any` as in React's own `lazy` signature: the page keeps its exact props through Module[Name].
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PageModule<Name extends string> = Record<Name, ComponentType<any>>;

/**
 * A page component loaded in its own chunk the first time it renders: `lazyPage(() =>
 * import("./GroupPage"), "GroupPage")`. The pages export named components; React.lazy wants a
 * default export, so this picks the named one. Rendering it suspends until the chunk arrives
 * (App.tsx shows a calm loading line meanwhile, and an error with a reload button if the chunk
 * cannot be fetched, e.g. offline or after a deploy replaced it).
 */
export function lazyPage<Module extends PageModule<Name>, Name extends string>(
  load: () => Promise<Module>,
  name: Name,
): LazyExoticComponent<Module[Name]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

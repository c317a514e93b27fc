// The API reference of every package, from the doc comments: `pnpm docs`
// writes it to docs/api/ (git-ignored); `pnpm lint` builds it without
// writing (lint:docs) and fails on an exported name without a doc comment.

/**
 * The switch: true makes an exported function, class, interface, type alias,
 * enum or const without a doc comment fail `pnpm lint`. false only warns.
 */
const UNDOCUMENTED_EXPORTS_FAIL = true;

/**
 * The second switch: true makes an exported function without an @example in
 * its doc comment fail `pnpm lint`. false lists them (scripts/typedoc-plugin.mjs).
 */
const FUNCTIONS_WITHOUT_EXAMPLE_FAIL = false;

const packages = ['linop', 'krylov', 'damping', 'curvature', 'hf'];

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'hessian-free',
  entryPoints: packages.map((name) => `packages/${name}/src/index.ts`),
  // One program over the sources of all packages, @hessian-free/* mapped to
  // their src/index.ts, so that a type from linop used by krylov links to
  // linop's page and no build is needed first.
  tsconfig: 'tsconfig.docs.json',
  // Type errors are the build's job (tsc -b, TypeScript 7); TypeDoc runs on
  // TypeScript 5 (see .pnpmfile.cjs) and only reads the declarations.
  skipErrorChecking: true,
  plugin: ['./scripts/typedoc-plugin.mjs'],
  out: 'docs/api',
  // Source links point at the repository of package.json at this commit.
  sourceLinkTemplate: 'https://github.com/hessian-free/hessian-free/blob/{gitRevision}/{path}#L{line}',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  sort: ['kind', 'alphabetical'],
  validation: { notExported: false, invalidLink: true, notDocumented: true },
  // "Exported name" = the names a package's index.ts exports; their members
  // (interface fields, methods) are not required here.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  packagesRequiringDocumentation: packages.map((name) => `@hessian-free/${name}`),
  treatValidationWarningsAsErrors: UNDOCUMENTED_EXPORTS_FAIL,
  failOnMissingExample: FUNCTIONS_WITHOUT_EXAMPLE_FAIL,
};

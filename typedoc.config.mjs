// The API reference of every published package, from the doc comments:
// `pnpm run docs` writes it to docs/api/ (git-ignored; `pnpm docs` is pnpm's
// own command); `pnpm lint` builds it without writing (lint:docs) and fails on
// an exported name without a doc comment.
import { publicEntries, sourcePaths } from './scripts/workspace-entries.mjs';

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

// Every export (with types) of every non-private packages/*/package.json.
const entries = publicEntries();

/** @type {Partial<import('typedoc').TypeDocOptions> & Record<string, unknown>} */
export default {
  name: 'hessian-free',
  entryPoints: entries.map((e) => e.source),
  // One program over the sources of all packages, each @hessian-free/...
  // specifier mapped to its source file, so that a type from linop used by
  // krylov links to linop's page and no build is needed first.
  tsconfig: 'tsconfig.docs.json',
  compilerOptions: { paths: sourcePaths(entries) },
  // Type errors are the build's job (tsc -b, TypeScript 7); TypeDoc runs on
  // TypeScript 5 (see .pnpmfile.cjs) and only reads the declarations.
  skipErrorChecking: true,
  plugin: ['./scripts/typedoc-plugin.mjs'],
  moduleNames: Object.fromEntries(entries.map((e) => [e.source, e.specifier])),
  out: 'docs/api',
  // Source links point at the repository of package.json at this commit.
  sourceLinkTemplate: 'https://github.com/hessian-free/hessian-free/blob/{gitRevision}/{path}#L{line}',
  readme: 'none',
  excludePrivate: true,
  excludeInternal: true,
  sort: ['kind', 'alphabetical'],
  validation: { notExported: false, invalidLink: true, notDocumented: true },
  // "Exported name" = a name an entry point exports, and the methods of an
  // exported interface (TypeDoc checks call signatures with functions);
  // fields of interfaces are not required here.
  requiredToBeDocumented: ['Enum', 'Variable', 'Function', 'Class', 'Interface', 'TypeAlias'],
  packagesRequiringDocumentation: [...new Set(entries.map((e) => e.packageName))],
  treatValidationWarningsAsErrors: UNDOCUMENTED_EXPORTS_FAIL,
  failOnMissingExample: FUNCTIONS_WITHOUT_EXAMPLE_FAIL,
};

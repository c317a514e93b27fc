// pnpm hook: TypeDoc gets TypeScript 5 of its own.
//
// The workspace's `typescript` is 7 (the native compiler, `tsc` for the build
// and the type checks), which has no JavaScript compiler API. TypeDoc (pnpm docs,
// pnpm lint:docs) needs that API, and declares typescript a peer dependency, so
// pnpm would hand it the root's TypeScript 7 (neither `overrides` nor
// `packageExtensions` change how a peer is resolved). Here typescript becomes
// a plain dependency of typedoc, pinned to 5.9.3, the newest TypeDoc 0.28 supports.
// Changing this file changes pnpm-lock.yaml (pnpmfileChecksum): run pnpm install.
module.exports = {
  hooks: {
    readPackage(pkg) {
      if (pkg.name === 'typedoc') {
        if (pkg.peerDependencies) delete pkg.peerDependencies.typescript;
        pkg.dependencies = { ...pkg.dependencies, typescript: 'npm:typescript@5.9.3' };
      }
      return pkg;
    },
  },
};

// The project's TypeDoc plugin (loaded by typedoc.config.mjs). It does two things:
//
// 1. Names each module of the API reference as a user imports it
//    ("@hessian-free/krylov", "@hessian-free/parallel/shard-worker"; option
//    `moduleNames`, from the exports maps). The config converts every entry
//    point in one TypeScript program (fast, and links between packages
//    resolve), and TypeDoc would name a module by its path ("krylov/src").
// 2. Lists the exported functions whose doc comment has no @example (option
//    `failOnMissingExample`: false prints the list as warnings, true fails).
import { resolve } from 'node:path';
import { Converter, ParameterType, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: 'failOnMissingExample',
    help: 'Fail when an exported function has no @example in its doc comment (false: only list them).',
    type: ParameterType.Boolean,
    defaultValue: false,
  });

  app.options.addDeclaration({
    name: 'moduleNames',
    help: 'The name of the module of each entry point: { "<absolute source path>": "<import specifier>" }.',
    type: ParameterType.Mixed,
    defaultValue: {},
  });

  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const names = app.options.getValue('moduleNames');
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile().fileName;
    const name = file === undefined ? undefined : names[resolve(file)];
    if (name !== undefined) reflection.name = name;
  });

  // At the end of conversion, not during validation: TypeDoc's CLI counts any
  // warning logged while validating as a validation warning, which
  // treatValidationWarningsAsErrors turns into a failure.
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const project = context.project;
    const fail = app.options.getValue('failOnMissingExample');
    const missing = [];
    for (const fn of project.getReflectionsByKind(ReflectionKind.Function)) {
      const comments = [fn.comment, ...(fn.signatures ?? []).map((s) => s.comment)];
      if (comments.some((c) => c?.blockTags.some((t) => t.tag === '@example'))) continue;
      const source = fn.signatures?.[0]?.sources?.[0] ?? fn.sources?.[0];
      const where = source === undefined ? '' : ` (${source.fullFileName.replace(/^.*?\/packages\//, 'packages/')}:${source.line})`;
      missing.push(`${fn.getFriendlyFullName()}${where}`);
    }
    missing.sort();
    for (const name of missing) {
      const message = `${name} has no @example in its doc comment`;
      if (fail) app.logger.error(message);
      else app.logger.warn(message);
    }
    if (missing.length > 0) {
      app.logger.info(`${missing.length} exported function(s) without an @example${fail ? '' : ' (listed, not failing: failOnMissingExample is false)'}`);
    }
  });
}

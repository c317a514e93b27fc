import { checkBoolean, checkFraction, checkFunction, checkInteger, checkNonNegative, checkOptions, checkPositive, checkSignal } from '../checks.js';
import { checkKnownOptions, describe } from '@hessian-free/linop';
import type { IndefiniteSolver, MinimizeMethod, MinimizeOptions } from './types.js';

/** `minimize`'s options with their defaults filled in, every one checked. */
export interface Settings {
  readonly method: MinimizeMethod;
  readonly gtol: number;
  readonly xtol: number;
  readonly ftol: number;
  readonly maxIter: number;
  readonly forcingMax: number;
  readonly maxCgIter: number | undefined;
  readonly initialRadius: number;
  readonly indefiniteSolver: IndefiniteSolver;
  readonly curvatureCheck: number | undefined;
  readonly history: boolean;
  readonly onIteration: MinimizeOptions['onIteration'];
  readonly signal: AbortSignal | undefined;
}

const METHODS: readonly MinimizeMethod[] = ['line-search', 'trust-region'];
const SOLVERS: readonly IndefiniteSolver[] = ['cg', 'minres'];

/** The option names `minimize` knows, in the README's order; any other key is an error. */
const OPTIONS: readonly (keyof MinimizeOptions)[] = [
  'method',
  'gtol',
  'xtol',
  'ftol',
  'maxIter',
  'maxCgIter',
  'forcingMax',
  'initialRadius',
  'indefiniteSolver',
  'curvatureCheck',
  'history',
  'onIteration',
  'signal',
];

/**
 * Checks `minimize`'s options (errors name the option) and fills in the
 * defaults; gtol's default depends on whether f is a tfjs function (float32)
 * or callbacks (float64).
 */
export function minimizeSettings(options: unknown, kind: 'tensor' | 'callbacks'): Settings {
  const where = 'minimize: options';
  checkOptions(where, options);
  const o = (options ?? {}) as MinimizeOptions;
  checkKnownOptions('minimize', o, OPTIONS);
  const method = o.method ?? 'line-search';
  if (!METHODS.includes(method)) {
    throw new RangeError(`${where}.method must be 'line-search' or 'trust-region', got ${String(method)}`);
  }
  const indefiniteSolver = o.indefiniteSolver ?? 'cg';
  if (!SOLVERS.includes(indefiniteSolver)) {
    const Type = typeof indefiniteSolver === 'string' ? RangeError : TypeError;
    throw new Type(`${where}.indefiniteSolver must be 'cg' or 'minres', got ${describe(indefiniteSolver)}`);
  }
  if (indefiniteSolver === 'minres' && method === 'trust-region') {
    throw new RangeError(
      `${where}.indefiniteSolver must be 'cg' with method 'trust-region' (Newton-MR is a line-search method; the trust region uses Steihaug-Toint CG), got ${describe(indefiniteSolver)}`,
    );
  }
  const gtol = o.gtol ?? (kind === 'tensor' ? 1e-4 : 1e-8);
  const xtol = o.xtol ?? 0;
  const ftol = o.ftol ?? 0;
  const maxIter = o.maxIter ?? 1000;
  const forcingMax = o.forcingMax ?? 0.5;
  const initialRadius = o.initialRadius ?? 1;
  const history = o.history ?? false;
  checkNonNegative(`${where}.gtol`, gtol);
  checkNonNegative(`${where}.xtol`, xtol);
  checkNonNegative(`${where}.ftol`, ftol);
  checkInteger(`${where}.maxIter`, maxIter, 0);
  checkFraction(`${where}.forcingMax`, forcingMax);
  if (o.maxCgIter !== undefined) checkInteger(`${where}.maxCgIter`, o.maxCgIter, 1);
  checkPositive(`${where}.initialRadius`, initialRadius);
  if (o.curvatureCheck !== undefined) checkInteger(`${where}.curvatureCheck`, o.curvatureCheck, 0);
  checkBoolean(`${where}.history`, history);
  if (o.onIteration !== undefined) checkFunction(`${where}.onIteration`, o.onIteration);
  checkSignal(`${where}.signal`, o.signal);
  return { method, gtol, xtol, ftol, maxIter, forcingMax, maxCgIter: o.maxCgIter, initialRadius, indefiniteSolver, curvatureCheck: o.curvatureCheck, history, onIteration: o.onIteration, signal: o.signal };
}

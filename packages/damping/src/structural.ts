import { checkKnownOptions, checkNonNegative, checkRecord } from './checks.js';

/** Options of `structuralDamping`. */
export interface StructuralDampingOptions {
  /** The structural weight relative to lambda, finite and >= 0. */
  mu: number;
}

/** The structural-damping weight as a function of lambda. */
export interface StructuralDamping {
  /** The structural weight relative to lambda. */
  readonly mu: number;
  /** The weight of the structural term S at this lambda (finite, >= 0): lambda * mu. */
  weight(lambda: number): number;
}

/**
 * Structural damping of Martens & Sutskever (2011): the damped
 * curvature of a recurrent network is B + lambda I + lambda mu S, where S
 * penalizes changes of the hidden states. mu is a fixed constant, so the
 * structural weight lambda * mu rides on lambda: when Levenberg-Marquardt
 * raises or lowers lambda, the structural term follows in proportion.
 * mu has no default: the paper tunes it per problem. An unknown option name
 * is an error.
 *
 * @example
 * ```ts
 * import { structuralDamping } from '@hessian-free/damping';
 * const structural = structuralDamping({ mu: 0.3 });
 * const weight = structural.weight(10); // lambda * mu = 3 (up to rounding)
 * ```
 */
export function structuralDamping(options: StructuralDampingOptions): StructuralDamping {
  checkRecord('structuralDamping: options', options);
  checkKnownOptions('structuralDamping', options, ['mu']);
  const { mu } = options;
  checkNonNegative('structuralDamping: mu', mu);
  return {
    mu,
    weight(lambda: number): number {
      checkNonNegative('structuralDamping.weight: lambda', lambda);
      return lambda * mu;
    },
  };
}

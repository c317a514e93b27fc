import { checkNonNegative, checkRecord } from './checks.js';

export interface StructuralDampingOptions {
  /** The structural weight relative to lambda, finite and >= 0. */
  mu: number;
}

export interface StructuralDamping {
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
 * mu has no default: the paper tunes it per problem.
 */
export function structuralDamping(options: StructuralDampingOptions): StructuralDamping {
  checkRecord('structuralDamping: options', options);
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

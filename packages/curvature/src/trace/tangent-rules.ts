/** The tangent rule of a node: a closed form keyed by kernel name, else the local double-vjp fallback. */
import { fallbackTangent } from './tangent-fallback.js';
import type { TangentRule } from './tangent-rule.js';
import { linearTangentRules } from './tangent-rules-linear.js';
import { nonlinearTangentRules } from './tangent-rules-nonlinear.js';
import type { TraceNode } from './tape.js';

export function tangentRule(node: TraceNode, useRules = true): TangentRule {
  if (!useRules) return fallbackTangent;
  return linearTangentRules.get(node.kernelName) ?? nonlinearTangentRules.get(node.kernelName) ?? fallbackTangent;
}

/** Kernel names with a closed-form tangent rule. */
export function kernelsWithTangentRules(): string[] {
  return [...linearTangentRules.keys(), ...nonlinearTangentRules.keys()].sort();
}

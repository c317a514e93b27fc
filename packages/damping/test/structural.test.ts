import { expect, test } from 'vitest';
import { levenbergMarquardt, structuralDamping } from '@hessian-free/damping';

test('the structural weight is lambda * mu and follows lambda', () => {
  const s = structuralDamping({ mu: 0.03 });
  const lm = levenbergMarquardt({ initialLambda: 2 });
  const boosted = lm.update(lm.initial(), 0); // lambda 3
  expect(s.weight(lm.initial().lambda)).toBeCloseTo(0.06, 15);
  expect(s.weight(boosted.lambda)).toBeCloseTo(0.09, 15);
  expect(s.mu).toBe(0.03);
});

test.each([[-1, /mu must be >= 0/], [NaN, /mu must be a finite number/]])('bad mu %s', (mu, message) => {
  expect(() => structuralDamping({ mu })).toThrow(message);
});

test('options must be an object', () => {
  expect(() => structuralDamping(undefined as never)).toThrow(/structuralDamping: options must be a plain object/);
});

import { describe as group, expect, it } from 'vitest';
import { checkDimension, checkFinite, checkKnownOptions, checkTags, describe } from '@hessian-free/linop';

group('describe', () => {
  it('says what a value is: numbers as themselves, strings quoted, objects by constructor', () => {
    expect(describe('1')).toBe('the string "1"');
    expect(describe(-2.5)).toBe('-2.5');
    expect(describe(NaN)).toBe('NaN');
    expect(describe(null)).toBe('null');
    expect(describe(undefined)).toBe('undefined');
    expect(describe(true)).toBe('true');
    expect(describe(3n)).toBe('3n');
    expect(describe(() => 1)).toBe('a function');
    expect(describe([1, 2])).toBe('Array');
    expect(describe({})).toBe('Object');
    expect(describe(Object.create(null))).toBe('object');
    expect(describe(new Float32Array(2))).toBe('Float32Array');
  });
});

group('checks', () => {
  it('throw a TypeError for a wrong type and a RangeError for a wrong value, naming the argument', () => {
    expect(() => checkDimension('f: n', '3')).toThrow(RangeError);
    expect(() => checkDimension('f: n', '3')).toThrow(/^f: n must be a non-negative integer, got the string "3"$/);
    expect(() => checkFinite('f: alpha', Infinity)).toThrow(/^f: alpha must be a finite number, got Infinity$/);
    expect(() => checkTags('f: options', 'yes', 2, 2)).toThrow(TypeError);
    expect(() => checkTags('f: options', 'yes', 2, 2)).toThrow(/^f: options must be an object when given, got the string "yes"$/);
    expect(() => checkTags('f: options', { positiveSemidefinite: 'no' }, 2, 2)).toThrow(/^f: options.positiveSemidefinite must be a boolean, got the string "no"$/);
    expect(() => checkTags('f: options', undefined, 2, 3)).not.toThrow();
    expect(() => checkTags('f: options', { symmetric: false }, 2, 3)).not.toThrow();
  });
});

group('checkKnownOptions', () => {
  const known = ['initialRadius', 'maxRadius', 'gtol', 'xtol', 'ftol', 'maxIter', 'onIteration'];
  it('passes known options, an empty object and options set to undefined', () => {
    expect(() => checkKnownOptions('f', {}, known)).not.toThrow();
    expect(() => checkKnownOptions('f', { gtol: 1, maxIter: undefined }, known)).not.toThrow();
  });
  it.each([
    ['gtoll', "f: unknown option 'gtoll' (did you mean 'gtol'?)"],
    ['maxiter', "f: unknown option 'maxiter' (did you mean 'maxIter'?)"],
    ['maxIterations', "f: unknown option 'maxIterations' (did you mean 'maxIter'?)"],
    ['radius', "f: unknown option 'radius' (did you mean 'maxRadius' or 'initialRadius'?)"],
    ['tol', "f: unknown option 'tol' (did you mean 'gtol', 'xtol' or 'ftol'?)"],
    ['zzzzzz', "f: unknown option 'zzzzzz' (known options: initialRadius, maxRadius, gtol, xtol, ftol, maxIter, onIteration)"],
  ])('names the unknown key %s and the nearest known ones (a TypeError)', (key, message) => {
    expect(() => checkKnownOptions('f', { [key]: 1 }, known)).toThrow(new TypeError(message));
  });
});

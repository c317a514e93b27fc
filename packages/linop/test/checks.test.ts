import { describe as group, expect, it } from 'vitest';
import { checkDimension, checkFinite, checkTags, describe } from '@hessian-free/linop';

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

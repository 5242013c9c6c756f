import { findUnstorableText } from './text';

describe('findUnstorableText: field names no request may carry (docs/http-conventions.md)', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s at any depth', (name) => {
    const body = JSON.parse(`{"heirs":[{"${name}":{"x":1}}]}`);
    expect(findUnstorableText(body)).toEqual({
      field: `heirs[0].${name}`,
      message: 'is not an allowed field name',
    });
  });

  it('accepts ordinary field names', () => {
    expect(findUnstorableText({ heirs: [{ fullName: 'Siti Aminah' }] })).toBeUndefined();
  });
});

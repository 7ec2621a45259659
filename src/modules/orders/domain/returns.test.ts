import { describe, expect, it } from 'vitest';
import { returnProblem } from './returns.js';

const delivered = [{ sku: 'LAMP', quantity: 2 }, { sku: 'MUG', quantity: 1 }, { sku: 'LAMP', quantity: 1 }];

describe('returnProblem', () => {
  it('allows up to the delivered units less those earlier returns take back', () => {
    expect(returnProblem([{ sku: 'LAMP', quantity: 3 }, { sku: 'MUG', quantity: 1 }], delivered, [])).toBeNull();
    expect(returnProblem([{ sku: 'LAMP', quantity: 1 }], delivered, [{ sku: 'LAMP', quantity: 2 }])).toBeNull();
    expect(returnProblem([{ sku: 'LAMP', quantity: 2 }], delivered, [{ sku: 'LAMP', quantity: 2 }])).toEqual({ kind: 'exceeds', message: 'Only 1 of LAMP can still be returned (delivered less already returned)' });
    expect(returnProblem([{ sku: 'MUG', quantity: 1 }], delivered, [{ sku: 'MUG', quantity: 1 }])).toMatchObject({ kind: 'exceeds' });
  });

  it('refuses a SKU the order did not deliver, or a SKU twice', () => {
    expect(returnProblem([{ sku: 'TEAPOT', quantity: 1 }], delivered, [])).toMatchObject({ kind: 'invalid' });
    expect(returnProblem([{ sku: 'MUG', quantity: 1 }, { sku: 'MUG', quantity: 1 }], delivered, [])).toMatchObject({ kind: 'invalid' });
  });
});

import { z } from 'zod';

import { createMemoizedValidatorCompiler } from '../../src/http/memoized-validator';

describe('memoized query validator', () => {
  let parses = 0;
  const schema = z.strictObject({
    origin: z.string().refine((value) => {
      parses += 1;
      return /^[A-Z]{3}$/.test(value);
    }),
  });
  const validate = createMemoizedValidatorCompiler(2)({
    schema,
    method: 'GET',
    url: '/x',
    httpPart: 'querystring',
  }) as (data: unknown) => { value?: unknown; error?: unknown };

  beforeEach(() => {
    parses = 0;
  });

  it('parses a repeated valid query once and returns a frozen result', () => {
    const first = validate({ origin: 'FRA' });
    const second = validate({ origin: 'FRA' });
    expect(second).toBe(first);
    expect(parses).toBe(1);
    expect(Object.isFrozen(first.value)).toBe(true);
  });

  it('never memoises failures, arrays or long queries', () => {
    expect(validate({ origin: 'fra' }).error).toBeDefined();
    expect(validate({ origin: 'fra' }).error).toBeDefined();
    expect(validate({ origin: ['FRA', 'MUC'] }).error).toBeDefined();
    validate({ origin: 'X'.repeat(400) });
    validate({ origin: 'X'.repeat(400) });
    expect(parses).toBe(4);
  });

  it('keeps distinct queries apart and stays bounded', () => {
    expect(validate({ origin: 'MUC' }).value).toEqual({ origin: 'MUC' });
    expect(validate({ origin: 'CDG' }).value).toEqual({ origin: 'CDG' });
    expect(validate({ origin: 'LHR' }).value).toEqual({ origin: 'LHR' });
    expect(validate({ origin: 'MUC' }).value).toEqual({ origin: 'MUC' });
    expect(parses).toBe(4);
  });
});

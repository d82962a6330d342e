import { ValidationError } from '@fareflow/shared';

import { createCursorCodec } from '../../src/cursor/cursor-codec';
import type { SortKey } from '../../src/domain/ordering';

const codec = createCursorCodec('a'.repeat(32));
const key: SortKey = ['EUR000000000000000100500000', '0001764583200000', 'LH400-2026-12-01-FRA-JFK|ECONOMY'];

describe('cursor codec', () => {
  it('round-trips a sort key for the same query', () => {
    expect(codec.decode('q1', codec.encode('q1', key))).toEqual(key);
  });

  it.each([
    ['another query', (cursor: string) => ({ query: 'q2', cursor })],
    ['a tampered payload', (cursor: string) => ({ query: 'q1', cursor: `A${cursor.slice(1)}` })],
    ['a tampered signature', (cursor: string) => ({ query: 'q1', cursor: `${cursor.slice(0, -1)}x` })],
    ['garbage', () => ({ query: 'q1', cursor: '%%%' })],
    ['another secret', () => ({ query: 'q1', cursor: createCursorCodec('b'.repeat(32)).encode('q1', key) })],
  ])('rejects %s with a 400 naming the cursor', (_name, make) => {
    const { query, cursor } = make(codec.encode('q1', key));
    expect(() => codec.decode(query, cursor)).toThrow(ValidationError);
    try {
      codec.decode(query, cursor);
    } catch (error) {
      expect((error as ValidationError).field).toBe('cursor');
    }
  });
});

import type {
  AggregatorMetrics,
  CurrentFare,
  CurrentFareStore,
  HistoryRow,
  PriceHistoryStore,
  SeatChange,
} from '../../src/domain/ports';

/** In-memory history keyed like the real table: (observedAt, observationId). */
export class FakeHistoryStore implements PriceHistoryStore {
  readonly rows = new Map<string, HistoryRow>();
  failWith: Error | undefined;

  async append(rows: readonly HistoryRow[]): Promise<number> {
    if (this.failWith) {
      throw this.failWith;
    }
    let inserted = 0;
    for (const row of rows) {
      const key = `${row.observedAt}|${row.observationId}`;
      if (!this.rows.has(key)) {
        this.rows.set(key, row);
        inserted += 1;
      }
    }
    return inserted;
  }
}

export class FakeCurrentFareStore implements CurrentFareStore {
  readonly fares: CurrentFare[] = [];
  readonly seats: SeatChange[] = [];
  failWith: Error | undefined;

  async writeFares(fares: readonly CurrentFare[]): Promise<void> {
    if (this.failWith) {
      throw this.failWith;
    }
    this.fares.push(...fares);
  }

  async writeSeats(changes: readonly SeatChange[]): Promise<void> {
    if (this.failWith) {
      throw this.failWith;
    }
    this.seats.push(...changes);
  }
}

export class FakeMetrics implements AggregatorMetrics {
  readonly batches: number[] = [];
  readonly storeWrites: string[] = [];
  readonly committed: number[] = [];
  readonly deadLetters: string[] = [];

  observeBatch(_queue: string, size: number): void {
    this.batches.push(size);
  }
  observeStoreWrite(store: string): void {
    this.storeWrites.push(store);
  }
  observeCommitted(_queue: string, lagSeconds: readonly number[]): void {
    this.committed.push(...lagSeconds);
  }
  countDeadLetter(_queue: string, code: string): void {
    this.deadLetters.push(code);
  }
}

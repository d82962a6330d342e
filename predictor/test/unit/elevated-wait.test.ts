import { adviseBuyOrWait } from '../../src/domain/buy-wait-advice';
import { elevatedPriceWait } from '../../src/domain/elevated-wait';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { createOutcomeTables } from '../../src/domain/outcome-tables';
import { addObservation } from '../../src/domain/price-learner';
import { createSeriesState } from '../../src/domain/price-series';

const settings = { ...defaultPriceModelSettings, elevatedRatio: 2, elevatedWaitUntilDaysLeft: 40 };
const departureDay = 1_000;
const series = (prices: number[], firstDaysLeft: number) => ({
  departureDay,
  days: prices.map((_, i) => departureDay - firstDaysLeft + i),
  prices,
});

describe('elevated price wait', () => {
  it('waits on a price at least twice the lowest earlier one, until the set days-left at the latest', () => {
    expect(elevatedPriceWait(series([50, 40, 60, 80], 60), settings)).toEqual({
      targetPrice: 80,
      waitUntilDay: departureDay - 40,
      ratioToLowest: 2,
    });
  });

  it('does not apply below the ratio, at or inside the days-left limit, or without an earlier price', () => {
    expect(elevatedPriceWait(series([50, 40, 79], 60), settings)).toBeUndefined();
    expect(elevatedPriceWait(series([40, 40, 100], 42), settings)).toBeUndefined();
    expect(elevatedPriceWait(series([100], 60), settings)).toBeUndefined();
  });

  it("compares with earlier prices only: today's price is not its own lowest", () => {
    expect(elevatedPriceWait(series([90, 100, 30], 60), settings)).toBeUndefined();
  });

  it('turns the advice into WAIT, with a neutral confidence when nothing similar was learned', () => {
    const tables = createOutcomeTables(settings);
    const state = createSeriesState('X', 'XXX-YYY', departureDay, settings);
    [40, 45, 90].forEach((price, i) => addObservation(tables, state, departureDay - 55 + i, price, undefined));
    expect(adviseBuyOrWait(tables, state)).toMatchObject({
      action: 'WAIT',
      targetPrice: 90,
      waitUntilDay: departureDay - 40,
      confidence: 0.5,
    });
  });
});

import {
  checkPanelHeader,
  groupPanelSeries,
  isBadRow,
  type PanelRow,
  parsePanelLine,
} from '../../src/backtest/panel-parser';
import { toEpochDay } from '../../src/domain/calendar';

describe('panel CSV parsing', () => {
  it('parses a valid row into days and a number price', () => {
    const row = parsePanelLine('BCN,BUD,2015-11-13,2015-11-09,89.99,EUR', 2);
    expect(row).toEqual({
      line: 2,
      origin: 'BCN',
      destination: 'BUD',
      departureDay: toEpochDay('2015-11-13'),
      observedDay: toEpochDay('2015-11-09'),
      price: 89.99,
      currency: 'EUR',
    });
  });

  it.each([
    ['BCN,BUD,2015-11-13,2015-11-09,89.99', 'expected 6 fields, got 5'],
    ['BC,BUD,2015-11-13,2015-11-09,89.99,EUR', 'origin: not an IATA airport code: "BC"'],
    ['BCN,BUD,2015-02-30,2015-01-09,89.99,EUR', 'departure_date: not a YYYY-MM-DD date: "2015-02-30"'],
    ['BCN,BUD,2015-11-13,13/11/2015,89.99,EUR', 'observed_on: not a YYYY-MM-DD date: "13/11/2015"'],
    ['BCN,BUD,2015-11-13,2015-11-14,89.99,EUR', 'observed_on 2015-11-14 is after departure_date 2015-11-13'],
    ['BCN,BUD,2015-11-13,2015-11-09,-5,EUR', 'price: not a positive decimal: "-5"'],
    ['BCN,BUD,2015-11-13,2015-11-09,0,EUR', 'price: not a positive decimal: "0"'],
    ['BCN,BUD,2015-11-13,2015-11-09,89.99,€', 'currency: not an ISO 4217 code: "€"'],
  ])('reports %s as a bad row naming the field', (text, reason) => {
    expect(parsePanelLine(text, 17)).toEqual({ line: 17, reason });
  });

  it('refuses a file whose header is not the panel format', () => {
    expect(checkPanelHeader('origin,destination,departure_date,observed_on,price,currency')).toBeUndefined();
    expect(checkPanelHeader('a,b,c')).toContain('expected header');
  });

  it('groups rows per departure in day order and reports repeats, conflicts and currency changes by line', () => {
    const lines = [
      'BCN,BUD,2015-11-13,2015-11-10,99.99,EUR',
      'BCN,BUD,2015-11-13,2015-11-09,89.99,EUR',
      'BCN,BUD,2015-11-13,2015-11-09,89.99,EUR',
      'BCN,BUD,2015-11-13,2015-11-08,70.00,EUR',
      'BCN,BUD,2015-11-13,2015-11-08,75.00,EUR',
      'BCN,BUD,2015-11-13,2015-11-11,29990,HUF',
    ];
    const rows = lines.map((text, i) => parsePanelLine(text, i + 2)).filter((row): row is PanelRow => !isBadRow(row));
    const { series, badRows } = groupPanelSeries(rows);
    expect(series).toHaveLength(1);
    expect(series[0]!.prices).toEqual([89.99, 99.99]);
    expect(series[0]!.days).toEqual([toEpochDay('2015-11-09'), toEpochDay('2015-11-10')]);
    expect(badRows).toEqual([
      { line: 4, reason: 'repeats line 3 (counted once)' },
      { line: 5, reason: 'conflicts with line 6 for the same departure and day (day left out)' },
      { line: 6, reason: 'price 75 conflicts with 70 at line 5 for the same departure and day (day left out)' },
      { line: 7, reason: "currency HUF differs from the series' EUR" },
    ]);
  });
});

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

import {
  type BacktestReport,
  type BadRow,
  checkPanelHeader,
  groupPanelSeries,
  isBadRow,
  type PanelRow,
  parsePanelLine,
  runBacktest,
  runLeaveOneRouteOut,
} from '@fareflow/predictor/backtest';
import { SingleBar } from 'cli-progress';

export interface BacktestCommandOptions {
  data: string;
  /** Progress bar on stderr; the caller turns it on only when stderr is a terminal. */
  showProgress: boolean;
  /** Validate on unseen routes: each route is advised by a model that learned only from the others. */
  leaveOneRouteOut?: boolean;
  log: (message: string) => void;
}

const SHOWN_BAD_ROWS = 20;

/** Reads a panel CSV, reports bad rows by line number, runs the walk-forward backtest. */
export async function backtest(options: BacktestCommandOptions): Promise<BacktestReport> {
  const { rows, badRows } = await readPanel(options.data);
  const grouped = groupPanelSeries(rows);
  const allBad = [...badRows, ...grouped.badRows].sort((a, b) => a.line - b.line);
  for (const bad of allBad.slice(0, SHOWN_BAD_ROWS)) {
    options.log(`${options.data}:${bad.line}: ${bad.reason}`);
  }
  if (allBad.length > SHOWN_BAD_ROWS) {
    options.log(`... and ${allBad.length - SHOWN_BAD_ROWS} more bad rows`);
  }
  if (grouped.series.length === 0) {
    throw new Error(`${options.data}: no valid rows`);
  }
  const bar = options.showProgress
    ? new SingleBar({ stream: process.stderr, format: 'backtest [{bar}] {value}/{total} days' })
    : undefined;
  bar?.start(1, 0);
  try {
    const run = options.leaveOneRouteOut ? runLeaveOneRouteOut : runBacktest;
    return run(grouped.series, allBad, {
      onProgress: (done, total) => {
        bar?.setTotal(total);
        bar?.update(done);
      },
    });
  } finally {
    bar?.stop();
  }
}

async function readPanel(path: string): Promise<{ rows: PanelRow[]; badRows: BadRow[] }> {
  const rows: PanelRow[] = [];
  const badRows: BadRow[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const text of lines) {
    lineNumber += 1;
    if (lineNumber === 1) {
      const problem = checkPanelHeader(text);
      if (problem) {
        throw new Error(`${path}:1: ${problem}`);
      }
      continue;
    }
    if (text.trim() === '') {
      continue;
    }
    const parsed = parsePanelLine(text, lineNumber);
    if (isBadRow(parsed)) {
      badRows.push(parsed);
    } else {
      rows.push(parsed);
    }
  }
  return { rows, badRows };
}

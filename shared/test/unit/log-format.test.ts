import { createPrettyLine, resolveLogFormat } from '../../src/logging';

describe('log format', () => {
  it('is pretty on a terminal and JSON otherwise under auto; json and pretty are taken as said', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat(undefined, false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
  });

  it('turns a pino JSON line into one readable line labelled with the service, without pid or hostname', () => {
    const line = JSON.stringify({
      level: 30,
      time: '2026-12-02T10:11:12.345Z',
      pid: 4242,
      hostname: 'box',
      service: 'aggregator',
      queue: 'fareflow.aggregator.fares.us',
      msg: 'batch done',
    });
    const text = createPrettyLine({ colorize: false })(line);
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/^aggregator +\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: batch done/);
    expect(text).toContain('"queue":"fareflow.aggregator.fares.us"');
    expect(text).not.toContain('4242');
    expect(text).not.toContain('box');
  });

  it('labels lines that are not JSON (a stack trace) and leaves them as they are', () => {
    expect(createPrettyLine({ colorize: false, service: 'order' })('    at main (index.ts:1:1)')).toBe(
      'order          at main (index.ts:1:1)',
    );
  });

  it('colours the label on a terminal', () => {
    const text = createPrettyLine({ colorize: true, service: 'order' })('x');
    expect(text.startsWith('\u001b[')).toBe(true);
    expect(text.endsWith('order     \u001b[0m x')).toBe(true);
  });
});

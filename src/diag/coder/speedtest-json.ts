// Parses `coder speedtest -o json`; the same shape is used for our own speed test results.
import { arr, num, obj, parseJson } from '../wire/validate';
import type { SpeedInterval } from '../wire/speedtest-report';

export type { SpeedInterval };

interface SpeedtestResult {
  overall: SpeedInterval;
  intervals: SpeedInterval[];
}

function interval(v: unknown, where: string): SpeedInterval {
  const o = obj(v, where);
  const start = num(o.start_time_seconds, `${where}.start_time_seconds`);
  const end = num(o.end_time_seconds, `${where}.end_time_seconds`);
  const mbits = num(o.throughput_mbits, `${where}.throughput_mbits`);
  if (end < start || mbits < 0) throw new Error(`${where}: impossible interval ${start}-${end} s at ${mbits} Mbit/s`);
  return { start_time_seconds: start, end_time_seconds: end, throughput_mbits: mbits };
}

export function parseSpeedtestJson(text: string): SpeedtestResult {
  const root = obj(parseJson(text, 'coder speedtest output'), 'speedtest result');
  return {
    overall: interval(root.overall, 'overall'),
    intervals: arr(root.intervals, 'intervals').map((v, i) => interval(v, `intervals[${i}]`)),
  };
}

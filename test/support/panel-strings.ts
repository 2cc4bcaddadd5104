// Panel texts for tests: every key of a panel's strings, each its own name, so a test sees which
// text went where without depending on the English wording.
import { CONNECTION_STRING_KEYS, type ConnectionStrings } from '../../src/shared/connection-strings';
import { SPEEDTEST_STRING_KEYS, type SpeedtestStrings } from '../../src/shared/speedtest-strings';

export const CONNECTION_STRINGS = Object.fromEntries(
  CONNECTION_STRING_KEYS.map((key) => [key, `[${key}]`]),
) as ConnectionStrings;

export const SPEEDTEST_STRINGS = Object.fromEntries(
  SPEEDTEST_STRING_KEYS.map((key) => [key, `[${key}]`]),
) as SpeedtestStrings;

// `wsdoctor`'s flags through node's strict parseArgs: known flags only, so a typo is an error, not
// a silent no-op, and a flag is never taken as the value of the one before it.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../diag/errors';

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parse result node gives for these options (typed values, positionals). */
export type ParsedCommandLine<T extends Options> = ReturnType<
  typeof parseArgs<{ options: T; strict: true; allowPositionals: true }>
>;

/** The first quoted option in one of node's parseArgs messages, e.g. "--count" from "Option '--count <value>' ...". */
function optionIn(message: string): string {
  return /'(-[^' ]*)/.exec(message)?.[1] ?? 'an option';
}

/** Node's parse errors, said the way the rest of wsdoctor says them. */
function usageErrorFor(err: unknown): UsageError | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const message = errorMessage(err);
  const option = optionIn(message);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Unknown option ${option}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new UsageError(`${option} takes no value`);
      if (/ambiguous/.test(message))
        return new UsageError(
          `${option} needs a value, not another option; write ${option}=VALUE for a value that starts with "-"`,
        );
      return new UsageError(`${option} needs a value`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(message);
    default:
      return null;
  }
}

export function parseCommandLine<T extends Options>(argv: readonly string[], options: T): ParsedCommandLine<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    throw usageErrorFor(err) ?? err;
  }
}

export function positiveInt(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return Number(text);
}

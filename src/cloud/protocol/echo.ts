/**
 * How much of a client's input an error message may repeat: all of it up to ECHO_LIMIT characters
 * (every AWS response recorded here fits: the longest echoes 1,025), else a prefix and `...`; and
 * MESSAGE_LIMIT, the net under every AwsError for the sites that quote input without `echo`.
 */

/** Above the longest value AWS was recorded echoing, far below a request body's 16 MiB. */
export const ECHO_LIMIT = 2048;

/** `value` as an error message may quote it. */
export function echo(value: string, limit = ECHO_LIMIT): string {
  return value.length <= limit ? value : `${value.slice(0, limit)}...`;
}

/** Ten listed violations of 2,048-character values fit only partly; no AWS response recorded here comes near. */
export const MESSAGE_LIMIT = 8192;

// Outside text an attacker controls (a DERP region name, a CLI error, a workspace's OS name) loaded
// with terminal escapes: a window title (OSC ... BEL), a screen clear (CSI), a carriage return that
// would overwrite the line, an 8-bit CSI, a right-to-left override and a backspace.
export const HOSTILE = 'Frank\x1b]0;owned\x07furt\x1b[2J\r\x9b31mX\u202eevil\bY';

/** What printable() makes of HOSTILE: the escapes and controls gone, the CR a space, the override shown as its code. */
export const HOSTILE_SHOWN = 'Frankfurt 31mX\\u{202e}evilY';

/** HOSTILE_SHOWN inside a regular expression. */
export const HOSTILE_SHOWN_PATTERN = HOSTILE_SHOWN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any character a terminal would act on rather than show, other than the line feeds between lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

// Separate bundle (dist/engines/speedtest.js): the SSH speed test and ssh2 load on the first run.
// setTranslator: the bundle's own copy of the engine's translation seam, which loadEngine points at the host's.
export { runSpeedtest } from '../../diag/speedtest/speedtest';
export { setTranslator } from '../../diag/l10n';

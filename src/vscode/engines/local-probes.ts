// Separate bundle (dist/engines/local-probes.js): the client-side probes and their WebSocket
// library load on the first check, not on activation.
// setTranslator: the bundle's own copy of the engine's translation seam, which loadEngine points at the host's.
export { makeLocalProbeRunner } from '../../diag/local/check-runner';
export { EXTENSION_NET_WORDS } from '../../diag/net/findings';
export { setTranslator } from '../../diag/l10n';

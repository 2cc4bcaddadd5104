// Separate bundle (dist/engines/local-probes.js): the client-side probes and their WebSocket
// library load on the first check, not on activation.
export { makeLocalProbeRunner } from '../../diag/local/check-runner';

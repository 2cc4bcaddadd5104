// Separate bundle (dist/engines/speedtest.js): the SSH speed test and ssh2 load on the first run.
export { runSpeedtest } from '../../diag/throughput/speedtest';

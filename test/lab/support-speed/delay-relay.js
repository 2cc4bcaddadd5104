// A TCP relay that delays every chunk by DELAY_MS in each direction (tc netem is not available
// here). Usage: node delay-relay.js LISTEN_HOST TARGET_HOST TARGET_PORT DELAY_MS
// Prints the port it listens on, then relays until killed. No backpressure: test use only.
'use strict';
/* global require */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script
const net = require('node:net');

const [listenHost, targetHost, targetPort, delayMs] = process.argv.slice(2);
const delay = Number(delayMs);

function forward(from, to) {
  from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), delay));
  from.on('end', () => setTimeout(() => to.destroyed || to.end(), delay));
  from.on('error', () => to.destroy());
  from.on('close', () => setTimeout(() => to.destroy(), delay));
}

const server = net.createServer((client) => {
  client.setNoDelay(true);
  const upstream = net.connect({ host: targetHost, port: Number(targetPort) });
  upstream.setNoDelay(true);
  forward(client, upstream);
  forward(upstream, client);
});
server.listen(0, listenHost, () => process.stdout.write(`${server.address().port}\n`));

// Sends one datagram and prints, as JSON, every datagram the addressed server sends back within a
// wait: the lab's way to put exact bytes on the wire from inside a namespace.
//   node udp-exchange.js '{"host":"203.0.113.10","port":3480,"hex":"0001…","waitMs":1500}'
import { createSocket } from 'node:dgram';
import { isIP } from 'node:net';

interface ExchangeOptions {
  host: string;
  port: number;
  hex: string;
  waitMs: number;
}

function main(): void {
  const options = JSON.parse(process.argv[2] ?? '{}') as ExchangeOptions;
  const socket = createSocket(isIP(options.host) === 6 ? 'udp6' : 'udp4');
  const answers: string[] = [];
  socket.on('message', (msg, from) => {
    if (from.address === options.host && from.port === options.port) answers.push(msg.toString('hex'));
  });
  socket.send(Buffer.from(options.hex, 'hex'), options.port, options.host, (err) => {
    if (err) {
      process.stderr.write(`udp-exchange: ${err.message}\n`);
      process.exit(1);
    }
    setTimeout(() => {
      socket.close();
      process.stdout.write(JSON.stringify({ answers }) + '\n');
    }, options.waitMs);
  });
}

main();

// Runs fetchConnectionInfo through this process's real global fetch and prints the result as JSON.
// A separate process, so NODE_EXTRA_CA_CERTS can make it trust a test CA. The credentials come in
// the environment (WSD_TEST_CREDENTIALS), never on the command line.
import { fetchConnectionInfo } from '../../../../src/diag/local/deployment-api';
import { defaultFetch } from '../../../../src/diag/net/fetch-fn';

async function main(): Promise<void> {
  const credentials = JSON.parse(process.env.WSD_TEST_CREDENTIALS ?? '{}') as Parameters<typeof fetchConnectionInfo>[0];
  const fetchFn = defaultFetch();
  if (!fetchFn) throw new Error('no global fetch');
  const result = await fetchConnectionInfo(credentials, fetchFn, 5000, new AbortController().signal);
  process.stdout.write(JSON.stringify(result));
}

main().catch((err: unknown) => {
  process.stderr.write(String(err));
  process.exit(1);
});

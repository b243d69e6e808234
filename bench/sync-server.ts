/**
 * Child process of the sync bench: a sandbox with N synthetic contacts on a free port. It runs
 * apart from the bench so that, as in real life, the server's CPU is not the client's: the bench
 * then measures the client against the rate limit, not two programs sharing one event loop.
 * Prints one JSON line {url, max, windowMs} when ready; exits when its parent closes stdin.
 */
import { createSandbox } from '../sandbox/app';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const sandbox = await createSandbox({ port: 0, dataDir: null, control: true, syntheticContacts: count });
  const { max, windowMs } = sandbox.ctx.options.rateLimit;
  process.stdout.write(`${JSON.stringify({ url: sandbox.url, max, windowMs })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void sandbox.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

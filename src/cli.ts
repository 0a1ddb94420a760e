import { existsSync } from 'node:fs';
import { runCli } from './cli/run-cli.js';

// The CLI is an entry point: it alone reads process.env (and an optional .env file).
if (existsSync('.env')) process.loadEnvFile('.env');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  readStdin,
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = code;

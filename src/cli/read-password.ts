import { createInterface } from 'node:readline';
import { invalid } from '../errors.js';

/** Reads a password from stdin (`--password-stdin`) or prompts without echo on a terminal. */
export async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) throw invalid('No terminal to ask for the password: pipe it in with --password-stdin.');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Hide what is typed: write the prompt ourselves and swallow the echo.
  const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
  let prompted = false;
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (text: string) => {
    if (!prompted) write(text);
  };
  try {
    return await new Promise<string>((resolve) => {
      rl.question('Password: ', (answer) => resolve(answer));
      prompted = true;
    });
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}

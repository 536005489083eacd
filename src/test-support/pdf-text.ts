import { spawn } from 'node:child_process';

/** Runs a poppler tool (Debian's `poppler-utils`) with `args`, the PDF on its standard input (`-`). */
function poppler(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`${tool} exited with ${code}: ${Buffer.concat(err).toString()}`))));
    child.stdin.end(pdf);
  });
}

/** The text of a PDF as `pdftotext` extracts it, runs of white space made one space (lines break anywhere). */
export async function pdfText(pdf: Buffer): Promise<string> {
  return (await poppler('pdftotext', pdf, ['-enc', 'UTF-8', '-', '-'])).replace(/\s+/g, ' ');
}

/** The lines of a PDF as laid out on its pages (`pdftotext -layout`), each trimmed, runs of spaces made one. */
export async function pdfLines(pdf: Buffer): Promise<string[]> {
  const text = await poppler('pdftotext', pdf, ['-layout', '-enc', 'UTF-8', '-', '-']);
  return text.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
}

/** What `pdfinfo` says of a PDF: `Title`, `Pages`… */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const lines = (await poppler('pdfinfo', pdf, ['-'])).split('\n');
  return Object.fromEntries(lines.filter((line) => line.includes(':')).map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]));
}

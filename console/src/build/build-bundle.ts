import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  files: BundleFile[];
  totalGzipBytes: number;
  durationMs: number;
}

/** Keeps bundle growth visible: the build fails past this (the README states the actual size). */
export const GZIP_BUDGET_BYTES = 300 * 1024;

/** `console/src/web` -> `console/dist`. */
export const webSourceDir = (consoleRoot: string) => join(consoleRoot, 'src', 'web');
export const bundleDirOf = (consoleRoot: string) => join(consoleRoot, 'dist');

/** Writes through a temporary name and a rename, so a process serving the directory never reads half a file. */
async function writeAtomically(path: string, contents: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

/** Builds the single-page app with esbuild (minified ES2022, Preact's JSX): app.js, app.css, index.html. */
export async function buildBundle(consoleRoot: string): Promise<BundleReport> {
  const startedAt = Date.now();
  const sourceDir = webSourceDir(consoleRoot);
  const outDir = bundleDirOf(consoleRoot);
  const result = await build({
    entryPoints: { app: join(sourceDir, 'main.tsx') },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    outdir: outDir,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  await mkdir(outDir, { recursive: true });
  const html = await readFile(join(sourceDir, 'index.html'));
  const outputs = [
    ...result.outputFiles.map((file) => ({ name: basename(file.path), contents: file.contents })),
    { name: 'index.html', contents: new Uint8Array(html) },
  ];
  const files: BundleFile[] = [];
  for (const output of outputs) {
    await writeAtomically(join(outDir, output.name), output.contents);
    files.push({ name: output.name, bytes: output.contents.length, gzipBytes: gzipSync(output.contents).length });
  }
  const totalGzipBytes = files.reduce((sum, file) => sum + file.gzipBytes, 0);
  if (totalGzipBytes > GZIP_BUDGET_BYTES) {
    throw new Error(`console bundle is ${totalGzipBytes} bytes gzipped, over the ${GZIP_BUDGET_BYTES} budget`);
  }
  return { files, totalGzipBytes, durationMs: Date.now() - startedAt };
}

export function describeBundle(report: BundleReport): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  const lines = report.files.map(
    (file) => `  ${file.name.padEnd(11)} ${kb(file.bytes)} (${kb(file.gzipBytes)} gzipped)`,
  );
  return [`console bundle in ${report.durationMs} ms, ${kb(report.totalGzipBytes)} gzipped:`, ...lines].join('\n');
}

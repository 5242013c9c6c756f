import { ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Another process opening a PGlite directory through the real `openSqlClient` (TypeScript compiled
 * on load, so no build is needed): what a second service or a CLI command beside the service does.
 */
const CHILD = `
const fs = require('node:fs');
const ts = require(${JSON.stringify(require.resolve('typescript'))});
require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), {
  fileName: file,
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
}).outputText, file);
const { openSqlClient } = require(${JSON.stringify(join(__dirname, '../../event-store/src/sql/sql-client.ts'))});
const started = Date.now();
openSqlClient('pglite://' + process.argv[2]).then(
  async (db) => {
    await db.query('CREATE TABLE IF NOT EXISTS written_by_child (pid int)');
    await db.query('INSERT INTO written_by_child VALUES ($1)', [process.pid]);
    process.on('message', async (m) => {
      if (m === 'die') process.kill(process.pid, 'SIGKILL');
      if (m === 'close') { await db.close(); process.exit(0); }
    });
    process.send({ opened: true });
  },
  (e) => {
    process.exitCode = 3;
    process.send({ opened: false, name: e.name, message: e.message, ms: Date.now() - started }, () =>
      process.disconnect(),
    );
  },
);
`;

export interface OpenOutcome {
  opened: boolean;
  name?: string;
  message?: string;
  /** How long the refusal took. */
  ms?: number;
}

export interface PgliteProcess {
  pid: number;
  outcome: OpenOutcome;
  /** Closes the directory and exits. */
  close(): Promise<void>;
  /** SIGKILL: the lock file stays behind, naming a dead process. */
  kill(): Promise<void>;
}

const script = (): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'pglite-child-')), 'open.js');
  writeFileSync(file, CHILD);
  return file;
};

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Forks a process that opens `dir` and, when it could, holds it until told to close or die. */
export async function openInAnotherProcess(dir: string): Promise<PgliteProcess> {
  const child = fork(script(), [dir], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const outcome = await new Promise<OpenOutcome>((resolve, reject) => {
    child.once('message', (m) => resolve(m as OpenOutcome));
    child.once('exit', (code) => reject(new Error(`child exited with ${code} before answering`)));
  });
  return {
    pid: child.pid!,
    outcome,
    close: async () => {
      if (outcome.opened && child.connected) child.send('close');
      await exited(child);
    },
    kill: async () => {
      if (outcome.opened && child.connected) child.send('die');
      await exited(child);
    },
  };
}

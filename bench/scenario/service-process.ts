import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A role of the service as a real child process (the way operators run it). */
export class ServiceProcess {
  private child?: ChildProcess;
  private peakRssKb = 0;
  private sampler?: NodeJS.Timeout;
  readonly output: string[] = [];

  constructor(
    readonly entry: 'embedded' | 'api' | 'projector' | 'payout-worker',
    readonly env: Record<string, string>,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.env.PORT}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    const script = join(__dirname, '..', '..', 'apps', this.entry, 'src', 'main.js');
    // BENCH_CPU_PROF_DIR: profile the service (node --cpu-prof); the profile is written at exit.
    const profile = process.env.BENCH_CPU_PROF_DIR
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`]
      : [];
    this.child = spawn(process.execPath, [...profile, script], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        // The bench pays through the sandbox bank on purpose; its NIK key only has to be stable.
        PAYOUT_SANDBOX: 'true',
        NIK_HASH_SECRET: 'bench-only-nik-hash-secret-of-32-bytes-or-more',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 200) this.output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.sampler = setInterval(() => this.sample(), 250);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`${this.entry} exited: ${this.output.join('').slice(-2000)}`);
      try {
        const r = await fetch(`${this.baseUrl}/health`);
        if (r.status === 200) return;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${this.entry} did not answer /health within ${timeoutMs} ms`);
  }

  /** Peak resident set size (VmHWM) in MiB, sampled from /proc. */
  get peakRssMb(): number {
    this.sample();
    return Math.round(this.peakRssKb / 1024);
  }

  private sample(): void {
    if (!this.child?.pid) return;
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+)/.exec(status);
      if (m) this.peakRssKb = Math.max(this.peakRssKb, Number(m[1]));
    } catch {
      /* exited */
    }
  }

  async stop(): Promise<void> {
    if (this.sampler) clearInterval(this.sampler);
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child!.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}

import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { httpLoggerOptions } from './logging.module';

describe('the access log (real HTTP)', () => {
  const lines: Record<string, unknown>[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const log = pinoHttp(httpLoggerOptions('info'), sink);
    server = createServer((req, res) => {
      log(req, res);
      res.statusCode = req.url?.startsWith('/missing') ? 404 : 201;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("records each response's statusCode, with NIKs in the url redacted", async () => {
    await fetch(`${url}/api/members?nik=1606014507850003`, { method: 'POST' });
    await fetch(`${url}/missing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed.map((l) => (l.res as { statusCode: unknown }).statusCode)).toEqual([201, 404]);
    expect((completed[0].req as { url: string }).url).toBe('/api/members?nik=[redacted]');
    expect(JSON.stringify(lines)).not.toContain('1606014507850003');
  });
});

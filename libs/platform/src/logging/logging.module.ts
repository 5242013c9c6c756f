import { LoggerModule } from 'nestjs-pino';
import { Options } from 'pino-http';
import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { redactDeep, redactNiks } from './nik-redaction';

/** Structured JSON logs (pino) with correlation ids; every line is scrubbed of NIKs. */
export function createLoggerModule(level: string) {
  return LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(level) });
}

/** The access log and application log options (pino-http). */
export function httpLoggerOptions(level: string): Options {
  return {
    level,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-correlation-id'];
      return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    customProps: () => ({ service: 'bpu-claims' }),
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactNiks(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    formatters: {
      // req and res are left to their serializers above: a copy of the response loses
      // `headersSent`, and the access log's statusCode with it.
      log: ({ req, res, ...rest }: Record<string, unknown>) => ({
        ...(redactDeep(rest) as Record<string, unknown>),
        ...(req === undefined ? {} : { req }),
        ...(res === undefined ? {} : { res }),
      }),
    },
    hooks: {
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? redactNiks(a) : a)),
        );
      },
    },
  };
}

import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { Options } from 'pino-http';
import { IncomingMessage, ServerResponse } from 'node:http';
import { requestCorrelationId } from './correlation-id';
import { redactDeep, redactLogText, redactUrl } from './nik-redaction';

/**
 * Structured JSON logs (pino) with correlation ids; every line is scrubbed of NIKs and board
 * tickets. `destination`: where the lines go (stdout when absent; tests read them).
 */
export function createLoggerModule(level: string, destination?: DestinationStream) {
  const options = httpLoggerOptions(level);
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
}

/** The access log and application log options (pino-http). */
export function httpLoggerOptions(level: string): Options {
  return {
    level,
    genReqId: (req: IncomingMessage, res: ServerResponse) => {
      const id = requestCorrelationId(req.headers['x-correlation-id']);
      res.setHeader('X-Correlation-Id', id);
      return id;
    },
    customProps: () => ({ service: 'bpu-claims' }),
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
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
          args.map((a) => (typeof a === 'string' ? redactLogText(a) : a)),
        );
      },
    },
  };
}

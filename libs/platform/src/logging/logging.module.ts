import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { IncomingMessage, ServerResponse } from 'node:http';
import { requestCorrelationId } from './correlation-id';
import { redactDeep, redactLogText, redactUrl } from './nik-redaction';

/**
 * Structured JSON logs (pino) with correlation ids; every line is scrubbed of NIKs and board
 * tickets. `destination`: where the lines go (stdout when absent; tests read them).
 */
export function createLoggerModule(level: string, destination?: DestinationStream) {
  const options = {
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
      log: (object: Record<string, unknown>) => redactDeep(object) as Record<string, unknown>,
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
  return LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options });
}

import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { json, NextFunction, Request, Response } from 'express';
import { APP_CONFIG } from './tokens';
import { AppConfig } from './config';
import { authenticate, AuthenticatedRequest } from './auth/jwt-auth.guard';
import { CALLBACK_SECRET_HEADER, requireCallbackSecret } from './auth/callback-secret';
import { createValidationPipe } from './http/validation';
import { ProblemFilter } from './http/problem.filter';
import { ProblemException } from './http/problem';
import { unsafeInputErrors } from './http/unsafe-input';
import { MetricsService } from './metrics/metrics.service';
import { httpMetricsMiddleware } from './metrics/http-metrics';
import { signToken } from './auth/sign';
import { RedisProbe } from './health/redis-probe';

export const JSON_BODY_LIMIT = '1mb';

export interface HttpAppOptions {
  title?: string;
  /** Serve the OpenAPI UI at /docs and the document at /docs-json. */
  docs?: boolean;
}

/** Builds the Nest HTTP application the way every role serves it (does not listen). */
export async function createHttpApp(
  rootModule: Type<unknown> | unknown,
  options: HttpAppOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as Type<unknown>, {
    bufferLogs: true,
    bodyParser: false,
    // A failed start is thrown to the entry point (runMain: exit code 1), never process.abort().
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', false);
  app.disable('x-powered-by');
  const config = app.get<AppConfig>(APP_CONFIG);
  const filter = new ProblemFilter();
  const metrics = app.get(MetricsService);

  app.use(httpMetricsMiddleware(metrics));
  // Who is calling comes first, before the body is read: a caller without a token (or the bank's
  // secret) gets 401 whatever it sent, never a parse error about its body.
  // Every /api path needs a valid token, matched route or not: an unknown path is 401 before 404.
  app.use('/api', (req: AuthenticatedRequest, res: Response, next: NextFunction) => {
    try {
      req.actor = authenticate(req, config.jwtSecret);
      next();
    } catch (e) {
      filter.catch(e, hostFor(req, res));
    }
  });
  // The bank's callbacks prove themselves with the shared secret instead (docs/api.md "Payouts").
  app.use('/callbacks', (req: Request, res: Response, next: NextFunction) => {
    try {
      requireCallbackSecret(req.header(CALLBACK_SECRET_HEADER), config.payoutCallbackSecret);
      next();
    } catch (e) {
      filter.catch(e, hostFor(req, res));
    }
  });
  // JSON bodies up to 1 MiB; parser errors become problem+json (413, 400) like every other error.
  const parseJson = json({ limit: JSON_BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.use((req: Request, res: Response, next: NextFunction) =>
    parseJson(req, res, (err?: unknown) => (err ? filter.catch(err, hostFor(req, res)) : next())),
  );
  // Too deep, or text no store can hold: 400 naming the field, before any validation or hashing.
  app.use((req: Request, res: Response, next: NextFunction) => {
    const errors = unsafeInputErrors(req);
    if (errors.length === 0) return next();
    filter.catch(ProblemException.validation(errors), hostFor(req, res));
  });
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  if (options.docs !== false) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(options.title ?? 'BPU claims API')
        .setDescription(
          'Internal API of the Musi Banyuasin BPU programme (BPJS Ketenagakerjaan JKK/JKM): enrollment, contributions, claims, payouts, audit.',
        )
        .setVersion('1')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
    );
    SwaggerModule.setup('docs', app, doc, { jsonDocumentUrl: 'docs-json' });
  }
  return app;
}

function hostFor(req: Request, res: Response) {
  return {
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res, getNext: () => undefined }),
  } as unknown as Parameters<ProblemFilter['catch']>[1];
}

export async function listen(app: INestApplication, role: string): Promise<void> {
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen(config.port, '0.0.0.0');
  const log = new NestLogger(role);
  log.log(
    `${role} listening on :${config.port} (event store ${config.eventStoreUrl.replace(/\/\/[^@/]*@/, '//***@')})`,
  );
  const redis = await app.get(RedisProbe).check();
  if (!redis.ok) {
    log.warn(
      `Redis at ${config.redisUrl} is ${redis.detail}: running degraded; payouts wait in the outbox until it is back`,
    );
  }
  if (config.jwtSecretGenerated) {
    log.warn(
      `AUTH_JWT_SECRET is not set: using a generated development secret "${config.jwtSecret}". ` +
        `An admin token for trying the API: ${signToken(config.jwtSecret, 'dev-admin', ['admin'])}`,
    );
  }
}

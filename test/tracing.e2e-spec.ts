import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tokens } from './support/tokens';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

interface OtlpBody {
  resourceSpans?: { scopeSpans?: { scope?: { name?: string }; spans?: OtlpSpan[] }[] }[];
}

/** Polls `check` until it returns something, or fails after 90 s (never a fixed sleep). */
async function until<T>(what: string, check: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// The service in a process of its own (instrumentation patches modules as they first load, which
// it cannot do inside Jest's), on the PostgreSQL server: the embedded database serves this test
// run's own connection.
const onServer = process.env.TEST_DATABASE_URL ? describe : describe.skip;

onServer('tracing (OTEL_EXPORTER_OTLP_ENDPOINT set; PostgreSQL server only)', () => {
  let receiver: Server;
  let child: ChildProcess;
  let url: string;
  const spans: { scope: string; span: OtlpSpan }[] = [];
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    // A stand-in OTLP/HTTP collector on loopback (the exporter sends JSON).
    receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      req.on('end', () => {
        if (req.url === '/v1/traces') {
          const body = JSON.parse(raw) as OtlpBody;
          for (const resource of body.resourceSpans ?? []) {
            for (const scope of resource.scopeSpans ?? []) {
              for (const span of scope.spans ?? [])
                spans.push({ scope: scope.scope?.name ?? '', span });
            }
          }
        }
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const root = join(__dirname, '..');
    child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: '0',
        LOG_LEVEL: 'info',
        DB_POOL_SIZE: '2',
        WEBHOOK_DISPATCHER: 'false',
        SEED_DEMO_ON_FIRST_START: 'false',
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_SERVICE_NAME: 'marketplace-tracing-test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          logLines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // not a log line
        }
      }
    });
    child.stderr!.resume();
    url = await until('the service to listen', () => {
      const started = logLines.find(
        (l) => typeof l.msg === 'string' && l.msg.includes('GraphQL API at'),
      );
      return started ? /(http:\/\/\S+)\/graphql/.exec(started.msg as string)![1] : undefined;
    });
  }, 120_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('exports HTTP, GraphQL and pg spans over OTLP, and puts the trace id in the log lines', async () => {
    const requestId = randomUUID();
    const response = await fetch(`${url.replace('localhost', '127.0.0.1')}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await tokens.admin('tracing-admin')}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({
        query:
          'query TracedSearch { referrals(filter: { crn: "A123456" }, first: 1) { totalCount } }',
      }),
    });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    // A query string holds whatever a client sent (here a CRN): it never reaches a span.
    await (await fetch(`${url}/oruk/taxonomies?crn=B654321`)).arrayBuffer();

    const server = await until('the HTTP server span of the GraphQL request', () =>
      spans.find(
        ({ scope, span }) =>
          scope.includes('instrumentation-http') && span.kind === 2 && span.name.includes('POST'),
      ),
    );
    const traceId = server.span.traceId;
    await until('a GraphQL span and a pg span in the same trace', () => {
      const inTrace = spans.filter(({ span }) => span.traceId === traceId);
      return inTrace.some(({ scope }) => scope.includes('graphql')) &&
        inTrace.some(({ scope }) => scope.includes('pg'))
        ? true
        : undefined;
    });
    await until('the feed request span', () =>
      spans.find(({ span }) => span.name.includes('GET') && span.kind === 2),
    );

    const line = await until('the request log line', () =>
      logLines.find((l) => (l.req as { id?: string } | undefined)?.id === requestId),
    );
    expect(line.trace_id).toBe(traceId);
    expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);

    const everything = JSON.stringify(spans);
    expect(everything).not.toContain('A123456');
    expect(everything).not.toContain('B654321');
  }, 120_000);
});

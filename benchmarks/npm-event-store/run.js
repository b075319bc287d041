'use strict';
// Times the published dynamodb-event-store 2.2.0 reading the benchmark's tables with its own
// query() and scan(). Input: one JSON document on stdin (see the .NET harness, NpmEventStoreRunner).
// Output: one JSON document on stdout with every raw sample, so both sides are summarised by the
// same statistics code.
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';

const http = require('http');
const AWS = require('aws-sdk');
const EventStore = require('dynamodb-event-store');

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function main() {
  const input = await readStdin();
  // Keep-alive, as the .NET SDK does by default; otherwise every call would also pay a TCP connect.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const store = new EventStore({
    tableName: input.tableName,
    indexName: input.indexName,
    endpoint: input.endpoint,
    region: 'us-east-1',
    accessKeyId: 'local',
    secretAccessKey: 'local',
    httpOptions: { agent },
  });

  // Every HTTP request the SDK sends, retries included.
  let requests = 0;
  AWS.events.on('send', () => { requests += 1; });

  const run = (scenario) => scenario.kind === 'query'
    ? store.query({ aggregateId: scenario.aggregateId, version: scenario.version })
    : store.scan(scenario.commitId ? { commitId: scenario.commitId } : undefined);

  const results = input.scenarios.map((s) => ({ name: s.name, ms: [], items: [], requests: [], bytes: 0, lastVersion: null, lastCommitId: null }));
  for (let i = 0; i < input.warmup; i++) {
    for (const scenario of input.scenarios) await run(scenario);
  }
  for (let round = 0; round < input.rounds; round++) {
    for (let k = 0; k < input.scenarios.length; k++) {
      const index = (k + round) % input.scenarios.length;
      const before = requests;
      const started = process.hrtime.bigint();
      const commits = await run(input.scenarios[index]);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      const result = results[index];
      result.ms.push(elapsed);
      result.items.push(commits.length);
      result.requests.push(requests - before);
      if (commits.length > 0) {
        const last = commits[commits.length - 1];
        result.lastVersion = last.version;
        result.lastCommitId = last.commitId;
      }
    }
  }
  agent.destroy();
  process.stdout.write(JSON.stringify({
    library: 'dynamodb-event-store@' + require('dynamodb-event-store/package.json').version,
    awsSdk: 'aws-sdk@' + AWS.VERSION,
    node: process.version,
    results,
  }));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error) + '\n');
  process.exit(1);
});

// The GraphQL-over-HTTP conformance audit of the graphql-http package, against a running
// server: node audit.mjs http://127.0.0.1:8080/graphql
// Fails (exit 1) when any MUST or SHOULD audit fails; MAY audits are only reported.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs <graphql endpoint url>');
  process.exit(2);
}

const results = await auditServer({ url });
let failed = 0;
for (const result of results) {
  const level = result.name.split(' ')[0];
  if (result.status === 'ok') {
    console.log(`ok     ${result.id} ${result.name}`);
    continue;
  }
  const counts = level === 'MUST' || level === 'SHOULD';
  if (counts) {
    failed++;
  }
  console.log(`${counts ? 'FAILED' : 'may   '} ${result.id} ${result.name}: ${result.reason}`);
}
const passed = results.filter((r) => r.status === 'ok').length;
console.log(`${passed} of ${results.length} audits passed; ${failed} MUST or SHOULD audits failed`);
process.exit(failed === 0 ? 0 : 1);

// The served schema, read by introspection as client tools read it, against schema.graphqls:
// node schema-diff.mjs http://127.0.0.1:8080/graphql ../schema.graphqls
// graphql-inspector's diff runs both ways (file to served, served to file), and any change
// at all, breaking or not, directives included, fails the run.
import { readFile } from 'node:fs/promises';
import { buildClientSchema, buildSchema, getIntrospectionQuery, printSchema } from 'graphql';
import { diff } from '@graphql-inspector/core';

const [url, file] = process.argv.slice(2);
if (!url || !file) {
  console.error('usage: node schema-diff.mjs <graphql endpoint url> <schema file>');
  process.exit(2);
}

// everything graphql-js can ask of a schema by introspection
const query = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});
const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
  body: JSON.stringify({ query }),
});
const result = await response.json();
if (!response.ok || result.errors) {
  console.error(`introspection failed (HTTP ${response.status}):`, JSON.stringify(result.errors ?? result));
  process.exit(1);
}
// Through SDL, as the inspector's own loaders do: introspection has no applied directives
// (only a specifiedByURL or a deprecationReason), and printing turns those back into
// @specifiedBy and @deprecated, so both sides are compared alike.
const served = buildSchema(printSchema(buildClientSchema(result.data)));
const declared = buildSchema(await readFile(file, 'utf8'));

let failed = false;
for (const [name, before, after] of [
  ['schema file -> served schema', declared, served],
  ['served schema -> schema file', served, declared],
]) {
  const changes = await diff(before, after);
  console.log(`${name}: ${changes.length} change(s)`);
  for (const change of changes) {
    console.log(`  ${change.criticality.level} ${change.type}: ${change.message}`);
  }
  failed ||= changes.length > 0;
}
if (failed) {
  process.exit(1);
}
console.log('schema diff: the served schema is the schema file');

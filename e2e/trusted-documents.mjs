// The trusted-documents manifest that GraphQL Code Generator's client preset writes:
// node trusted-documents.mjs <output directory>
// Runs codegen (presetConfig.persistedDocuments) on trusted-documents/operations.ts against
// ../schema.graphqls and leaves <output directory>/persisted-documents.json, a JSON object of
// "sha256:<hex>" to document, with the rest of the preset's output beside it.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from '@graphql-codegen/cli';

const out = process.argv[2];
if (!out) {
  console.error('usage: node trusted-documents.mjs <output directory>');
  process.exit(2);
}
const directory = `${resolve(out)}/`;

await generate(
  {
    schema: '../schema.graphqls',
    documents: ['trusted-documents/operations.ts'],
    silent: true,
    generates: {
      [directory]: { preset: 'client', presetConfig: { persistedDocuments: true } },
    },
  },
  true,
);

const manifest = JSON.parse(readFileSync(join(directory, 'persisted-documents.json'), 'utf8'));
const entries = Object.entries(manifest);
assert.equal(entries.length, 4, 'one document per operation');
for (const [key, document] of entries) {
  assert.equal(key, `sha256:${createHash('sha256').update(document).digest('hex')}`);
  console.log(`${key} ${document}`);
}
console.log(`trusted documents: ${entries.length} written to ${join(directory, 'persisted-documents.json')}`);
